package io.hallmark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.server.app.HallmarkServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

/**
 * EST {@code simpleenroll} per second with a new TLS connection per device, against a bare mutual-TLS handshake loop
 * on the same device listener and the raw issuance rate, in one run.
 *
 * <p>Starts a real Hallmark server in this process (embedded H2 in a new data directory, free ports), creates an
 * owner organization and, through the REST API, the devices with their one-time secrets; makes every device's P-256
 * key and CSR in advance. Then, for each thread count, in rounds:
 *
 * <ul>
 *   <li><b>enroll</b>: each device opens a new TCP connection and a new TLS context (no session to resume), sends its
 *       CSR to {@code /.well-known/est/simpleenroll} with HTTP Basic, and reads its certificate (status 200);
 *   <li><b>mTLS handshake</b> (reference): a new connection and TLS context presenting an enrolled device's LDevID,
 *       {@code GET /healthz}: the handshake with the device port's client-certificate check, and the smallest request;
 *   <li><b>TLS handshake</b> (diagnostic): the same without a client certificate, as the enrolling devices connect;
 *   <li><b>mTLS resumed</b> (diagnostic): one TLS context per thread, so that TLS 1.3 resumes the session (PSK) after
 *       the first handshake: what a device reconnecting within the session's lifetime costs, not a first enrollment;
 *   <li><b>raw issuance</b> (reference): {@link RawIssuer} signs and encodes the LDevID profile with BouncyCastle.
 * </ul>
 *
 * <p>Run: {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt) io.hallmark.bench.EstEnrollScenario
 * [--devices N] [-d SECONDS] [--rounds N] [--threads 2,4]}; defaults {@code --devices 1000 -d 5 --rounds 2 --threads
 * 2,4}: each enroll phase enrolls N new devices, each other phase runs for the given seconds.
 */
public final class EstEnrollScenario {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Settings of a run. */
    record Settings(int devices, int seconds, int rounds, List<Integer> threads) {
        static Settings parse(String... args) {
            int devices = 1000;
            int seconds = 5;
            int rounds = 2;
            List<Integer> threads = List.of(2, 4);
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + ": no value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--devices" -> devices = Integer.parseInt(v);
                    case "-d" -> seconds = Integer.parseInt(v);
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--threads" ->
                        threads = List.of(v.split(",")).stream()
                                .map(Integer::parseInt)
                                .toList();
                    default ->
                        throw new IllegalArgumentException(
                                "option: " + args[i] + " (expected: --devices, -d, --rounds, --threads)");
                }
            }
            if (devices < 1 || seconds < 1 || rounds < 1 || threads.isEmpty()) {
                throw new IllegalArgumentException(
                        "--devices " + devices + " -d " + seconds + " --rounds " + rounds + " (expected: all >= 1)");
            }
            return new Settings(devices, seconds, rounds, threads);
        }
    }

    private EstEnrollScenario() {}

    /** Runs the scenario and prints the table on standard output. */
    public static void main(String[] args) {
        run(Settings.parse(args), System.out);
    }

    /** One device to enroll: its serial, one-time secret and CSR. */
    private record NewDevice(String serial, String secret, byte[] csr) {}

    static void run(Settings settings, PrintStream out) {
        Path dir;
        try {
            dir = Files.createTempDirectory("hallmark-bench-est-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (HallmarkServer server = BenchServer.start(dir)) {
            Api api = new Api(server.apiUrl(), dir);
            String owner = api.post("/api/v1/organizations", Map.of("name", "Bench Owner", "kinds", List.of("owner")))
                    .get("id")
                    .asText();
            int phases = 1 + settings.rounds() * settings.threads().size();
            out.printf(Locale.ROOT, "adding %,d devices through the REST API ...%n", phases * settings.devices());
            List<NewDevice> devices = new ArrayList<>();
            for (int i = 0; i < phases * settings.devices(); i++) {
                String serial = "SN-E" + i;
                String secret = api.post("/api/v1/devices", Map.of("org", owner, "serial", serial))
                        .get("enrollmentSecret")
                        .asText();
                KeyPair key = FactoryIssueBenchmark.p256();
                devices.add(new NewDevice(
                        serial, secret, FactoryIssueBenchmark.csr(key, "serialNumber=" + serial + ",CN=" + serial)));
            }
            EstClient client = new EstClient(server.devicePort().orElseThrow(), dir.resolve(HallmarkServer.CA_FILE));

            // one device enrolled up front: its LDevID is the client certificate of the mutual-TLS loop
            KeyPair firstKey = FactoryIssueBenchmark.p256();
            String firstSecret = api.post("/api/v1/devices", Map.of("org", owner, "serial", "SN-MTLS"))
                    .get("enrollmentSecret")
                    .asText();
            EstClient.Response first = client.simpleEnroll(
                    "SN-MTLS", firstSecret, FactoryIssueBenchmark.csr(firstKey, "serialNumber=SN-MTLS"));
            check(first, "simpleenroll SN-MTLS");
            X509Certificate ldevid = EstClient.certificates(first.body()).get(0);
            KeyManager[] device = EstClient.keyManagers(firstKey.getPrivate(), ldevid);
            EstClient.Response cacerts = client.get(client.context(null), "/.well-known/est/" + owner + "/cacerts");
            check(cacerts, "cacerts");
            X509Certificate issuingCa = EstClient.certificates(cacerts.body()).stream()
                    .filter(c -> c.getSubjectX500Principal().equals(ldevid.getIssuerX500Principal()))
                    .findFirst()
                    .orElseThrow();
            String issuerAlias = "org." + owner + ".ldevid-ca";

            AtomicInteger nextDevice = new AtomicInteger();
            Map<String, IntConsumer> targets = new LinkedHashMap<>();
            targets.put("enroll (new TLS, Basic)", i -> {
                NewDevice d = devices.get(nextDevice.getAndIncrement());
                check(client.simpleEnroll(d.serial(), d.secret(), d.csr()), "simpleenroll " + d.serial());
            });
            targets.put(
                    "mTLS handshake + GET /healthz",
                    i -> check(client.get(client.context(device), "/healthz"), "mTLS"));
            targets.put(
                    "TLS handshake + GET /healthz", i -> check(client.get(client.context(null), "/healthz"), "TLS"));
            ThreadLocal<SSLContext> resumable = ThreadLocal.withInitial(() -> client.context(device));
            targets.put("mTLS resumed + GET /healthz", i -> check(client.get(resumable.get(), "/healthz"), "resumed"));
            ThreadLocal<RawIssuer> raw =
                    ThreadLocal.withInitial(() -> new RawIssuer(issuingCa, issuerAlias, RawIssuer.BOUNCY_CASTLE));
            targets.put("raw issuance (BouncyCastle)", i -> raw.get().ldevid(ldevid.getPublicKey(), "SN-RAW" + i));

            int maxThreads = settings.threads().stream()
                    .mapToInt(Integer::intValue)
                    .max()
                    .orElseThrow();
            ExecutorService pool = Executors.newFixedThreadPool(maxThreads);
            try {
                // warm-up: every target once, with the most threads
                for (Map.Entry<String, IntConsumer> t : targets.entrySet()) {
                    measure(
                            pool,
                            maxThreads,
                            t.getKey().startsWith("enroll") ? settings.devices() : -1,
                            settings.seconds(),
                            t.getValue());
                }
                out.printf(
                        Locale.ROOT,
                        "EST on the device port 127.0.0.1:%d; enroll phases: %,d devices each; other phases: %d s%n",
                        server.devicePort().orElseThrow(),
                        settings.devices(),
                        settings.seconds());
                out.printf(Locale.ROOT, "%-6s %-8s %-32s %10s%n", "round", "threads", "target", "per s");
                Map<String, List<Double>> rates = new LinkedHashMap<>();
                for (int round = 1; round <= settings.rounds(); round++) {
                    for (int threads : settings.threads()) {
                        List<Map.Entry<String, IntConsumer>> order = new ArrayList<>(targets.entrySet());
                        if (round % 2 == 0) {
                            order = order.reversed();
                        }
                        for (Map.Entry<String, IntConsumer> t : order) {
                            double rate = measure(
                                    pool,
                                    threads,
                                    t.getKey().startsWith("enroll") ? settings.devices() : -1,
                                    settings.seconds(),
                                    t.getValue());
                            rates.computeIfAbsent(threads + " " + t.getKey(), k -> new ArrayList<>())
                                    .add(rate);
                            out.printf(Locale.ROOT, "%-6d %-8d %-32s %10.0f%n", round, threads, t.getKey(), rate);
                        }
                    }
                }
                for (int threads : settings.threads()) {
                    double enroll = mean(rates.get(threads + " enroll (new TLS, Basic)"));
                    double mtls = mean(rates.get(threads + " mTLS handshake + GET /healthz"));
                    double issuance = mean(rates.get(threads + " raw issuance (BouncyCastle)"));
                    for (String t : targets.keySet()) {
                        out.printf(
                                Locale.ROOT,
                                "%-6s %-8d %-32s %10.0f%n",
                                "mean",
                                threads,
                                t,
                                mean(rates.get(threads + " " + t)));
                    }
                    out.printf(
                            Locale.ROOT,
                            "ratio  %d threads: enroll / min(mTLS handshake, raw issuance) = %.0f / %.0f = %.2f%n",
                            threads,
                            enroll,
                            Math.min(mtls, issuance),
                            enroll / Math.min(mtls, issuance));
                }
            } finally {
                pool.shutdownNow();
            }
        } finally {
            ScratchDatabase.deleteTree(dir);
        }
    }

    /**
     * Runs {@code op} on {@code threads} threads, {@code count} times in all when {@code count > 0}, otherwise for
     * {@code seconds}, and returns the completed operations per second.
     */
    static double measure(ExecutorService pool, int threads, int count, int seconds, IntConsumer op) {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        List<Future<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                int done = 0;
                while (true) {
                    int i = next.getAndIncrement();
                    if (count > 0 ? i >= count : System.nanoTime() >= deadline) {
                        return done;
                    }
                    op.accept(i);
                    done++;
                }
            }));
        }
        int done = 0;
        try {
            for (Future<Integer> w : workers) {
                done += w.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a measured operation failed", e.getCause());
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }

    private static void check(EstClient.Response r, String what) {
        if (r.status() != 200) {
            throw new IllegalStateException(what + ": status " + r.status() + " (expected: 200): " + r.text());
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** The operator API with the bootstrap admin token. */
    private static final class Api {
        private final String base;
        private final String token;
        private final HttpClient client;

        Api(String base, Path dir) {
            this.base = base;
            try {
                this.token = Files.readString(dir.resolve(HallmarkServer.ADMIN_TOKEN_FILE))
                        .strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EstClient trusting = new EstClient(0, dir.resolve(HallmarkServer.CA_FILE));
            this.client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(trusting.context(null))
                    .build();
        }

        JsonNode post(String path, Map<String, Object> body) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                        .build();
                HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 201 && r.statusCode() != 200) {
                    throw new IllegalStateException("POST " + path + ": status " + r.statusCode() + " "
                            + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
                }
                return JSON.readTree(r.body());
            } catch (IOException e) {
                throw new UncheckedIOException("POST " + path, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
