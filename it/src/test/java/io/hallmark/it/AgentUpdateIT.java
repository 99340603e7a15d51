package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.agent.update.SimulatedInstaller;
import io.hallmark.agent.update.UpdateCheck;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's update check against a running server: it installs the newest release for its model and hardware
 * revision through A/B slots, stays on the previous slot when the self-test fails, never installs a release for other
 * hardware, and refuses a repository whose metadata a mirror altered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentUpdateIT {
    private TestServer server;
    private String org;
    private Actor releaser;
    private URI repository;
    private byte[] root;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.givenServer(Store.H2);
        org = server.givenOrganization("Harbor Devices", "manufacturer");
        releaser = server.givenUser(org, "release-manager");
        ReleaseFixtures.product(server.api(), releaser.token(), "hub-1", "Hub 1");
        repository =
                URI.create("https://127.0.0.1:" + server.server().devicePort().orElseThrow() + "/tuf/" + org + "/");
        publish("1.1.0", "hub firmware 1.1.0", List.of("r1", "r2"));
        publish("1.2.0", "hub firmware 1.2.0 broken", List.of("r2"));
        publish("9.0.0", "hub firmware 9.0.0 for r9", List.of("r9"));
        root = server.api()
                .get("/api/v1/organizations/" + org + "/tuf/root", releaser.token())
                .body()
                .getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode publish(String version, String content, List<String> hardware) {
        return ReleaseFixtures.publish(
                server.api(),
                releaser.token(),
                "hub-1",
                version,
                content.getBytes(StandardCharsets.UTF_8),
                "hub.img",
                Map.of("hardware", hardware));
    }

    private UpdateCheck device(String name, String hardware, SimulatedInstaller installer) throws Exception {
        Path state = Files.createDirectories(tmp.resolve(name + "/tuf"));
        Files.write(state.resolve("root.json"), root);
        return new UpdateCheck(
                state,
                repository,
                TufInteropIT.sslTrusting(server.dataDir().resolve("trust/platform-ca.pem")),
                Clock.systemUTC(),
                "hub-1",
                hardware,
                installer);
    }

    @Test
    void aDeviceWhoseModelHasOtherCharactersFindsItsReleasesUnderTheProductId() throws Exception {
        // a model outside [A-Za-z0-9._+-] (the API makes none today; a product stored otherwise may have one): its
        // releases are filed under the product id, delegated to the role product-<id>
        String productId = io.hallmark.core.Ids.newId("prd");
        server.server().database().inTransaction(s -> {
            s.products()
                    .insert(new io.hallmark.server.identity.Product(
                            productId,
                            org,
                            "Hub 2 (EU)",
                            "Hub 2 EU",
                            "1.3.6.1.4.1.0",
                            java.util.Optional.empty(),
                            java.time.Instant.now()));
            return null;
        });
        Api.Response up = server.api()
                .send(
                        "POST",
                        "/api/v1/releases/uploads",
                        releaser.token(),
                        "hub 2 eu firmware 2.0.0".getBytes(StandardCharsets.UTF_8),
                        "application/octet-stream");
        Api.Response r = server.api()
                .post(
                        "/api/v1/releases",
                        releaser.token(),
                        Map.of(
                                "product",
                                productId,
                                "version",
                                "2.0.0",
                                "image",
                                up.json().get("sha256").asText(),
                                "imageName",
                                "hub.img"));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().get("target").asText()).isEqualTo(productId + "/2.0.0/hub.img");

        Path state = Files.createDirectories(tmp.resolve("eu/tuf"));
        Files.write(state.resolve("root.json"), root);
        SimulatedInstaller slots = new SimulatedInstaller(tmp.resolve("eu/slots"), "1.0.0", AgentUpdateIT::selfTest);
        var tls = TufInteropIT.sslTrusting(server.dataDir().resolve("trust/platform-ca.pem"));
        UpdateCheck withoutId = new UpdateCheck(state, repository, tls, Clock.systemUTC(), "Hub 2 (EU)", "r1", slots);
        assertThat(withoutId.run().detail()).contains("filed under the product id");

        UpdateCheck withId = new UpdateCheck(
                state, repository, tls, Clock.systemUTC(), "Hub 2 (EU)", java.util.Optional.of(productId), "r1", slots);
        assertThat(withId.run()).isEqualTo(new UpdateCheck.Outcome("installed", "2.0.0", ""));
        assertThat(Files.readString(tmp.resolve("eu/slots/slot-b.img"))).isEqualTo("hub 2 eu firmware 2.0.0");
    }

    private static boolean selfTest(byte[] image) {
        return !new String(image, StandardCharsets.UTF_8).contains("broken");
    }

    @Test
    void aDeviceInstallsTheNewestReleaseForItsHardware() throws Exception {
        SimulatedInstaller slots = new SimulatedInstaller(tmp.resolve("r1/slots"), "1.0.0", AgentUpdateIT::selfTest);
        UpdateCheck check = device("r1", "r1", slots);

        UpdateCheck.Outcome first = check.run();
        assertThat(first).isEqualTo(new UpdateCheck.Outcome("installed", "1.1.0", ""));
        assertThat(slots.activeSlot()).isEqualTo("b");
        assertThat(Files.readString(tmp.resolve("r1/slots/slot-b.img"))).isEqualTo("hub firmware 1.1.0");

        assertThat(check.run().result()).isEqualTo("up-to-date");
    }

    @Test
    void aFailedSelfTestLeavesTheDeviceOnItsPreviousSlot() throws Exception {
        SimulatedInstaller slots = new SimulatedInstaller(tmp.resolve("r2/slots"), "1.1.0", AgentUpdateIT::selfTest);

        UpdateCheck.Outcome outcome = device("r2", "r2", slots).run();

        assertThat(outcome.result()).isEqualTo("failed");
        assertThat(outcome.version()).isEqualTo("1.2.0");
        assertThat(outcome.detail()).contains("self-test");
        assertThat(slots.currentVersion()).isEqualTo("1.1.0");
        assertThat(slots.activeSlot()).isEqualTo("a");
    }

    @Test
    void aDeviceWhoseTrustedRootDoesNotMatchTheRepositoryInstallsNothing() throws Exception {
        SimulatedInstaller slots = new SimulatedInstaller(tmp.resolve("x/slots"), "1.0.0", img -> true);
        UpdateCheck check = device("x", "r1", slots);
        // a root the repository did not sign: its own keys do not sign the repository's timestamp
        String other = new String(root, StandardCharsets.UTF_8).replace("\"version\":1", "\"version\":1 ");
        Files.writeString(tmp.resolve("x/tuf/root.json"), other.replaceFirst("\"sig\":\"[0-9a-f]{2}", "\"sig\":\"00"));

        UpdateCheck.Outcome outcome = check.run();

        assertThat(outcome.result()).isEqualTo("refused");
        assertThat(outcome.detail()).startsWith("tuf.signature.threshold");
        assertThat(slots.currentVersion()).isEqualTo("1.0.0");
    }

    @Test
    void theCommandLineAgentRunsOneCheck() throws Exception {
        Path rootFile = Files.write(tmp.resolve("shipped-root.json"), root);
        Path state = tmp.resolve("cli-device");
        String[] args = {
            "agent",
            "update",
            "--state",
            state.toString(),
            "--url",
            "https://127.0.0.1:" + server.server().devicePort().orElseThrow(),
            "--ca",
            server.dataDir().resolve("trust/platform-ca.pem").toString(),
            "--manufacturer",
            org,
            "--model",
            "hub-1",
            "--hardware",
            "r1",
            "--root",
            rootFile.toString(),
            "--factory-version",
            "1.0.0"
        };

        CliRun first = CliRun.run(Map.of(), args);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("installed 1.1.0", "running: 1.1.0 (slot b)");

        CliRun again = CliRun.run(Map.of(), args);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("up-to-date");
    }
}
