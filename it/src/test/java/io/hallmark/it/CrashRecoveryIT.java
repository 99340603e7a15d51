package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server killed with SIGKILL in the middle of a burst of writes loses nothing it acknowledged: after a restart on
 * the same data directory the audit chain verifies, and every creation answered with 201 has its audit entry. The
 * server runs as a separate JVM ({@code hallmark serve}), so the kill is a real one.
 */
class CrashRecoveryIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration BURST_TIMEOUT = Duration.ofSeconds(60);
    private static final int THREADS = 6;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 60;
    private static final int SIGKILL_EXIT = 128 + 9;

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @ParameterizedTest
    @EnumSource(Store.class)
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void everyAcknowledgedWriteSurvivesAKillAndTheChainStillVerifies(Store store) throws Exception {
        Optional<String> db = store.freshDatabaseUrl();
        Path data = tmp.resolve("data");
        try {
            ChildServer first = start(data, db, tmp.resolve("first.log"));
            String admin = Files.readString(data.resolve("admin.token")).strip();
            String org = created(first.api()
                            .post(
                                    "/api/v1/organizations",
                                    admin,
                                    Map.of("name", "Crash Co", "kinds", List.of("owner"))))
                    .get("id")
                    .asText();

            Burst burst = new Burst(first.api(), admin, org);
            burst.start();
            burst.awaitAcknowledgedUsers(ACKNOWLEDGED_BEFORE_KILL);
            assertThat(first.process().isAlive())
                    .as("the server is running before the kill:\n%s", first.log())
                    .isTrue();
            first.process().destroyForcibly();
            assertThat(first.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(first.process().exitValue()).as("killed by SIGKILL").isEqualTo(SIGKILL_EXIT);
            burst.awaitEnd();
            assertThat(burst.unexpected())
                    .as("answers other than 201 before the kill")
                    .isEmpty();
            assertThat(burst.cutOff()).as("senders cut off by the kill").isEqualTo(THREADS);

            ChildServer second = start(data, db, tmp.resolve("second.log"));
            JsonNode verification = ok(second.api().get("/api/v1/audit/verify", admin));
            assertThat(verification.get("ok").asBoolean())
                    .as("verification after the crash: %s", verification)
                    .isTrue();

            Set<String> userEntries = auditTargets(second.api(), admin, "user.create", org);
            Set<String> tokenEntries = auditTargets(second.api(), admin, "token.create", org);
            assertThat(userEntries)
                    .as(
                            "user.create entries after the crash, of %s acknowledged users",
                            burst.users().size())
                    .containsAll(burst.users());
            assertThat(tokenEntries)
                    .as(
                            "token.create entries after the crash, of %s acknowledged tokens",
                            burst.tokens().size())
                    .containsAll(burst.tokens());
            // the entry and the row are written in one transaction: neither survives without the other
            assertThat(usersOf(second.api(), admin, org))
                    .as("users of the organization, against their user.create entries")
                    .isEqualTo(userEntries);
        } finally {
            stopAll();
        }
    }

    // --- the burst

    /** Senders creating users and tokens until the server stops answering; remembers what was acknowledged. */
    private static final class Burst {
        private final Api api;
        private final String admin;
        private final String org;
        private final Queue<String> users = new ConcurrentLinkedQueue<>();
        private final Queue<String> tokens = new ConcurrentLinkedQueue<>();
        private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        private final AtomicInteger cutOff = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Burst(Api api, String admin, String org) {
            this.api = api;
            this.admin = admin;
            this.org = org;
        }

        void start() {
            for (int t = 0; t < THREADS; t++) {
                int sender = t;
                threads.add(Thread.ofPlatform().name("burst-" + t).start(() -> send(sender)));
            }
        }

        private void send(int sender) {
            for (int i = 0; !stop.get(); i++) {
                try {
                    Api.Response user = api.post(
                            "/api/v1/users",
                            admin,
                            Map.of("org", org, "name", "crash-" + sender + "-" + i, "roles", List.of("operator")));
                    if (user.status() != 201) {
                        unexpected.add(user.toString());
                        return;
                    }
                    String userId = user.json().at("/user/id").asText();
                    users.add(userId);
                    Api.Response token = api.post("/api/v1/tokens", admin, Map.of("user", userId, "name", "t" + i));
                    if (token.status() != 201) {
                        unexpected.add(token.toString());
                        return;
                    }
                    tokens.add(token.json().get("id").asText());
                } catch (IllegalStateException e) {
                    // the connection died with the server: the request in flight is neither acknowledged nor refused
                    cutOff.incrementAndGet();
                    return;
                }
            }
        }

        void awaitAcknowledgedUsers(int count) throws InterruptedException {
            long deadline = System.nanoTime() + BURST_TIMEOUT.toNanos();
            while (users.size() < count) {
                assertThat(System.nanoTime())
                        .as(
                                "%s users acknowledged within %s (got %s; unexpected: %s)",
                                count, BURST_TIMEOUT, users.size(), unexpected)
                        .isLessThan(deadline);
                assertThat(unexpected).isEmpty();
                Thread.sleep(20);
            }
        }

        void awaitEnd() throws InterruptedException {
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(45));
            }
            stop.set(true);
            for (Thread t : threads) {
                assertThat(t.isAlive())
                        .as("%s ended after the kill", t.getName())
                        .isFalse();
            }
        }

        List<String> users() {
            return List.copyOf(users);
        }

        List<String> tokens() {
            return List.copyOf(tokens);
        }

        List<String> unexpected() {
            return List.copyOf(unexpected);
        }

        int cutOff() {
            return cutOff.get();
        }
    }

    // --- reading back

    /** The targets of successful audit entries of {@code action} in {@code org}, following every page. */
    private static Set<String> auditTargets(Api api, String token, String action, String org) {
        Set<String> targets = new HashSet<>();
        for (JsonNode e : allPages(api, token, "/api/v1/audit/entries?limit=500&org=" + org + "&action=" + action)) {
            assertThat(e.get("action").asText()).isEqualTo(action);
            if (e.get("outcome").asText().equals("success")) {
                targets.add(e.get("target").asText());
            }
        }
        return targets;
    }

    private static Set<String> usersOf(Api api, String token, String org) {
        Set<String> ids = new HashSet<>();
        allPages(api, token, "/api/v1/users?limit=500&org=" + org)
                .forEach(u -> ids.add(u.get("id").asText()));
        return ids;
    }

    private static List<JsonNode> allPages(Api api, String token, String path) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        Set<String> seen = new HashSet<>();
        do {
            String page = cursor == null ? path : path + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
            JsonNode body = ok(api.get(page, token));
            body.get("items").forEach(items::add);
            JsonNode next = body.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
            assertThat(cursor == null || seen.add(cursor))
                    .as("cursor %s repeats", cursor)
                    .isTrue();
        } while (cursor != null);
        return items;
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private static JsonNode created(Api.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }

    // --- the server process

    /** A {@code hallmark serve} process and its client. */
    private record ChildServer(Process process, Api api, Path logFile) {
        String log() {
            try {
                return Files.readString(logFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }
    }

    /**
     * Starts {@code hallmark serve} in its own JVM on {@code data} with a free API port, and waits until it says it
     * is ready. The environment's {@code HALLMARK_*} settings are not passed on: only the flags here apply.
     */
    private ChildServer start(Path data, Optional<String> db, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.hallmark.cli.Main",
                "serve",
                "--data",
                data.toString(),
                "--api-port",
                "0",
                "--device-port",
                "0",
                "--mqtt-port",
                "0",
                "--pki-http-port",
                "0"));
        db.ifPresent(url -> command.addAll(List.of("--db", url)));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("HALLMARK_"));
        Process p = pb.start();
        started.add(p);
        ChildServer child = new ChildServer(p, null, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!child.log().contains("Hallmark is ready")) {
            assertThat(p.isAlive())
                    .as("the server exited while starting:\n%s", child.log())
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("ready within %s:\n%s", START_TIMEOUT, child.log())
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
        String url = Files.readString(data.resolve("api.url")).strip();
        return new ChildServer(p, new Api(url, data.resolve("trust/platform-ca.pem")), log);
    }

    private void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
        }
        for (Process p : started) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("process " + p.pid() + " did not end");
            }
        }
        started.clear();
    }
}
