package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.agent.Agent;
import io.hallmark.agent.update.AssignedUpdate;
import io.hallmark.agent.update.Assignment;
import io.hallmark.agent.update.AssignmentClient;
import io.hallmark.agent.update.SimulatedInstaller;
import io.hallmark.agent.update.UpdateCheck;
import io.hallmark.core.Pem;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts end to end with the real agent: a manufacturer publishes releases, an owner rolls them out over its
 * enrolled simulated devices in waves; devices fetch their signed assignments over mutual TLS, verify them and the
 * target through TUF, install through A/B slots and report; the rollout advances by itself, pauses by itself when a
 * self-test fails, and a revoked release cancels the assignments it had.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolloutIT {
    private TestServer server;
    private String maker;
    private Actor releaser;
    private Actor owner;
    private Actor stranger;
    private String productId;
    private URI devicePort;
    private Path platformCa;
    private byte[] root;
    private PublicKey assignmentKey;
    private final List<Device> devices = new ArrayList<>();
    private final StringBuilder details = new StringBuilder();

    @TempDir
    static Path tmp;

    private record Device(String serial, Agent agent, SimulatedInstaller slots, AssignedUpdate update) {}

    @BeforeAll
    void start() throws Exception {
        server = TestServer.givenServer(Store.H2);
        maker = server.givenOrganization("Harbor Devices", "manufacturer");
        releaser = server.givenUser(maker, "release-manager");
        String ownerOrg = server.givenOrganization("Pier Operators", "owner");
        owner = server.givenUser(ownerOrg, "admin");
        stranger = server.givenUser(server.givenOrganization("Elsewhere", "owner"), "admin");
        platformCa = server.dataDir().resolve("trust/platform-ca.pem");
        devicePort =
                URI.create("https://127.0.0.1:" + server.server().devicePort().orElseThrow());
        Api.Response p =
                server.api().post("/api/v1/products", releaser.token(), Map.of("model", "hub-1", "name", "Hub 1"));
        assertThat(p.status()).as("%s", p).isEqualTo(201);
        productId = p.json().get("id").asText();
        for (int i = 1; i <= 4; i++) {
            devices.add(device("RO-" + i));
        }
        assignmentKey = fetchAssignmentKey();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Device device(String serial) throws Exception {
        Api.Response added =
                server.api().post("/api/v1/devices", owner.token(), Map.of("serial", serial, "product", productId));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        Agent agent = Agent.builder()
                .stateDirectory(Files.createDirectories(tmp.resolve(serial + "/identity")))
                .server(devicePort)
                .trustAnchor(platformCa)
                .serial(serial)
                .clock(server.clock())
                .build();
        agent.enroll(added.json().get("enrollmentSecret").asText());
        SimulatedInstaller slots = new SimulatedInstaller(tmp.resolve(serial + "/slots"), "1.0.0", RolloutIT::selfTest);
        return new Device(serial, agent, slots, null);
    }

    private AssignedUpdate update(Device d) throws Exception {
        if (root == null) {
            // the repository (and its root) exists once the manufacturer published a release
            Api.Response r = server.api().get("/api/v1/organizations/" + maker + "/tuf/root", releaser.token());
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            root = r.body().getBytes(StandardCharsets.UTF_8);
        }
        Path state = tmp.resolve(d.serial() + "/tuf");
        if (!Files.exists(state.resolve("root.json"))) {
            Files.createDirectories(state);
            Files.write(state.resolve("root.json"), root);
        }
        UpdateCheck check = new UpdateCheck(
                state,
                URI.create(devicePort + "/tuf/" + maker + "/"),
                TufInteropIT.sslTrusting(platformCa),
                Clock.systemUTC(),
                "hub-1",
                "r1",
                d.slots());
        return new AssignedUpdate(
                new AssignmentClient(devicePort, d.agent().deviceTls(), assignmentKey, server.clock()), check);
    }

    private PublicKey fetchAssignmentKey() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(devices.get(0).agent().deviceTls())
                .build();
        String pem = http.send(
                        HttpRequest.newBuilder(devicePort.resolve("/update/assignment-key"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Pem.decode("PUBLIC KEY", pem)));
    }

    private static boolean selfTest(byte[] image) {
        return !new String(image, StandardCharsets.UTF_8).contains("broken");
    }

    private String publish(String version, String content) {
        return ReleaseFixtures.publish(
                        server.api(),
                        releaser.token(),
                        "hub-1",
                        version,
                        content.getBytes(StandardCharsets.UTF_8),
                        "hub.img",
                        Map.of())
                .get("id")
                .asText();
    }

    private JsonNode create(Map<String, Object> body) {
        Api.Response r = server.api().post("/api/v1/rollouts", owner.token(), body);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }

    private JsonNode show(String id) {
        Api.Response r = server.api().get("/api/v1/rollouts/" + id, owner.token());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    /** Every device runs one assigned update; returns what each did (serial to result). */
    private Map<String, String> round() throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Device d : devices) {
            Optional<UpdateCheck.Outcome> o = update(d).run();
            out.put(d.serial(), o.map(UpdateCheck.Outcome::result).orElse("none"));
            o.filter(x -> !x.detail().isEmpty()).ifPresent(x -> details.append(d.serial() + ": " + x.detail() + "\n"));
        }
        return out;
    }

    @Test
    void devicesInstallInTwoWavesThenABrokenReleasePausesItselfAndARevokedReleaseIsCancelled() throws Exception {
        // 1. a good release in two waves: half the fleet, then all of it
        String good = publish("1.1.0", "hub firmware 1.1.0");
        JsonNode r1 = create(
                Map.of("release", good, "waves", List.of("50%", "100%"), "successPercent", 100, "failurePercent", 50));
        assertThat(r1.get("total").asLong()).isEqualTo(4);
        assertThat(r1.get("released").asLong()).isEqualTo(2);
        String id1 = r1.get("id").asText();

        // a round over the devices: the first wave's two install, which releases the second wave at once, so a
        // device later in the round may already install too
        Map<String, String> first = round();
        assertThat(first.values()).as("%s", details).doesNotContain("failed", "refused");
        assertThat(first.values().stream().filter("installed"::equals).count()).isGreaterThanOrEqualTo(2);
        JsonNode advanced = show(id1);
        assertThat(advanced.get("wave").asInt()).isEqualTo(2);
        assertThat(advanced.get("released").asLong()).isEqualTo(4);

        Map<String, String> second = round();
        assertThat(second.values()).as("%s", details).doesNotContain("failed", "refused");
        JsonNode done = show(id1);
        assertThat(done.get("state").asText()).isEqualTo("completed");
        assertThat(done.at("/devices/installed").asLong()).isEqualTo(4);
        for (Device d : devices) {
            assertThat(d.slots().currentVersion()).isEqualTo("1.1.0");
        }

        // 2. a broken release: the first device's self-test fails, it rolls back, the rollout pauses itself
        String broken = publish("1.2.0", "hub firmware 1.2.0 broken");
        String id2 = create(Map.of("release", broken, "waves", List.of("1", "4"), "failurePercent", 10))
                .get("id")
                .asText();
        Map<String, String> third = round();
        assertThat(third.values()).containsExactlyInAnyOrder("failed", "none", "none", "none");
        JsonNode paused = show(id2);
        assertThat(paused.get("state").asText()).isEqualTo("paused");
        assertThat(paused.get("stateReason").asText()).contains("failure threshold");
        assertThat(paused.at("/devices/rolled-back").asLong()).isEqualTo(1);
        assertThat(round().values()).containsOnly("none");
        for (Device d : devices) {
            assertThat(d.slots().currentVersion()).isEqualTo("1.1.0");
        }
        Api.Response cancel = server.api()
                .post("/api/v1/rollouts/" + id2 + "/cancel", owner.token(), Map.of("reason", "bricks the hub"));
        assertThat(cancel.status()).as("%s", cancel).isEqualTo(200);
        assertThat(server.api()
                        .post("/api/v1/rollouts/" + id2 + "/resume", owner.token(), Map.of())
                        .status())
                .isEqualTo(409);

        // 3. a release revoked after assignment: the device that got it is told not to install it
        String later = publish("1.3.0", "hub firmware 1.3.0");
        String id3 = create(Map.of("release", later, "waves", List.of("100%")))
                .get("id")
                .asText();
        Device d0 = devices.get(0);
        AssignmentClient c0 = new AssignmentClient(devicePort, d0.agent().deviceTls(), assignmentKey, server.clock());
        Assignment given = c0.fetch().orElseThrow();
        assertThat(given.action()).isEqualTo("install");
        assertThat(given.version()).isEqualTo("1.3.0");
        Api.Response revoke = server.api()
                .post("/api/v1/releases/" + later + "/revoke", releaser.token(), Map.of("reason", "recalled"));
        assertThat(revoke.status()).as("%s", revoke).isEqualTo(200);
        assertThat(show(id3).get("state").asText()).isEqualTo("cancelled");
        Optional<UpdateCheck.Outcome> told = update(d0).run();
        assertThat(told).map(UpdateCheck.Outcome::result).contains("cancelled");
        assertThat(d0.slots().currentVersion()).isEqualTo("1.1.0");
    }

    @Test
    void aForgedAssignmentIsRefusedByTheAgent() {
        // a signed assignment whose payload a mirror altered (another target) fails the signature check
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        "{\"alg\":\"ES256\",\"typ\":\"hallmark-assignment+jwt\"}".getBytes(StandardCharsets.UTF_8));
        String payload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        ("{\"action\":\"install\",\"exp\":9999999999,\"target\":{\"name\":\"hub-1/evil/hub.img\","
                                        + "\"length\":1,\"hashes\":{\"sha256\":\"" + "00".repeat(32) + "\"}}}")
                                .getBytes(StandardCharsets.UTF_8));
        String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        assertThatThrownBy(() -> AssignmentClient.verify(
                        header + "." + payload + "." + sig,
                        assignmentKey,
                        server.clock().instant()))
                .isInstanceOf(UntrustedInputException.class);
    }

    @Test
    void badInputIsARequestErrorAndAnotherOwnerSeesNothing() {
        String rel = publish("3.0.0", "hub firmware 3.0.0");
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("release", rel, "waves", List.of("0%")),
                Map.of("release", rel, "waves", List.of("50%", "10%")),
                Map.of("release", rel, "waves", List.of("10%"), "successPercent", 101),
                Map.of("release", rel, "waves", List.of("10%"), "window", "25:00-01:00"),
                Map.of("release", "rel_00000000000000000000", "waves", List.of("10%")),
                Map.of("release", "not-an-id", "waves", List.of("10%")),
                Map.of("waves", List.of("10%")))) {
            Api.Response r = server.api().post("/api/v1/rollouts", owner.token(), body);
            assertThat(r.status()).as("%s -> %s", body, r).isBetween(400, 499);
        }
        // another owner has no device of the product: nothing selected, a request error
        Api.Response foreign = server.api()
                .post("/api/v1/rollouts", stranger.token(), Map.of("release", rel, "waves", List.of("100%")));
        assertThat(foreign.status()).as("%s", foreign).isEqualTo(400);
        assertThat(server.api()
                        .get("/api/v1/rollouts/rol_00000000000000000000", owner.token())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aRolloutSelectsOnlyTheDevicesCarryingItsTagsSetByTheOwnerFromTheCommandLine() throws Exception {
        String rel = publish("5.0.0", "hub firmware 5.0.0");
        Map<String, String> env = CliRun.env(server, owner.token(), "tagger.token");
        CliRun tagged = CliRun.run(env, "device", "tag", "RO-2", "--add", "site=berlin", "--add", "floor=2");
        assertThat(tagged.exitCode()).as(tagged.err()).isZero();
        assertThat(tagged.out()).contains("site=berlin").contains("floor=2");

        Api.Response read = server.api().get("/api/v1/devices/RO-2/tags", owner.token());
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(read.json().get("tags").get("site").asText()).isEqualTo("berlin");
        // bad tags are request errors; another owner does not see the device
        assertThat(server.api()
                        .send(
                                "PATCH",
                                "/api/v1/devices/RO-2/tags",
                                owner.token(),
                                Map.of("add", Map.of("Bad Name", "x")),
                                "application/json")
                        .status())
                .isEqualTo(400);
        assertThat(server.api()
                        .send(
                                "PATCH",
                                "/api/v1/devices/RO-2/tags",
                                stranger.token(),
                                Map.of("remove", List.of("site")),
                                "application/json")
                        .status())
                .isEqualTo(404);

        JsonNode r = create(Map.of("release", rel, "waves", List.of("100%"), "tags", Map.of("site", "berlin")));
        assertThat(r.get("total").asLong()).isEqualTo(1);
        assertThat(r.get("tags").get("site").asText()).isEqualTo("berlin");
        Api.Response none = server.api()
                .post(
                        "/api/v1/rollouts",
                        owner.token(),
                        Map.of("release", rel, "waves", List.of("100%"), "tags", Map.of("site", "paris")));
        assertThat(none.status()).as("%s", none).isEqualTo(400);
        Api.Response badVersion = server.api()
                .post(
                        "/api/v1/rollouts",
                        owner.token(),
                        Map.of("release", rel, "waves", List.of("100%"), "olderThan", "not-a-number"));
        assertThat(badVersion.status()).as("%s", badVersion).isEqualTo(400);
        Api.Response cancelled = server.api()
                .post("/api/v1/rollouts/" + r.get("id").asText() + "/cancel", owner.token(), Map.of("reason", "test"));
        assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(200);
        CliRun removed = CliRun.run(env, "device", "tag", "RO-2", "--remove", "site", "--remove", "floor");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
    }

    @Test
    void theCommandLineCreatesShowsWatchesAndCancelsARollout() throws Exception {
        String rel = publish("4.0.0", "hub firmware 4.0.0");
        Map<String, String> env = CliRun.env(server, owner.token(), "owner.token");

        CliRun created = CliRun.run(env, "rollout", "create", "--release", rel, "--waves", "25%,100%", "--json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String id = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(created.out())
                .get("id")
                .asText();
        CliRun list = CliRun.run(env, "rollout", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(id, "running");
        CliRun watch = CliRun.run(env, "rollout", "watch", id, "--polls", "1");
        assertThat(watch.exitCode()).as(watch.err()).isZero();
        assertThat(watch.out()).contains("wave 1/2 running", "installed 0/4");
        CliRun cancel = CliRun.run(env, "rollout", "cancel", id, "--reason", "not today");
        assertThat(cancel.exitCode()).as(cancel.err()).isZero();
        CliRun show = CliRun.run(env, "rollout", "show", id);
        assertThat(show.out()).contains("cancelled", "not today");
        CliRun again = CliRun.run(env, "rollout", "pause", id);
        assertThat(again.exitCode()).isNotZero();
    }
}
