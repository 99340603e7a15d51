package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.agent.Agent;
import io.hallmark.agent.AttestationOutcome;
import io.hallmark.agent.Firmware;
import io.hallmark.agent.update.Assignment;
import io.hallmark.agent.update.AssignmentClient;
import io.hallmark.core.Pem;
import io.hallmark.protocol.attestation.DebugStatus;
import io.hallmark.protocol.attestation.Tier;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference values from releases end to end: the manufacturer publishes releases with their measurements through the
 * CLI (no allow-list on the product at all); the real agent's evidence is appraised against the release of its {@code
 * swversion}, or against the release a rollout installed on it; a revoked release is contraindicated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttestationReleaseIT {
    private static final String MODEL = "VALVE-7";
    private static final Firmware V1 = Firmware.simulated("valve-os", "1.0.0", Optional.of(MODEL));
    private static final Firmware V2 = Firmware.simulated("valve-os", "2.0.0", Optional.of(MODEL));

    private TestServer server;
    private Actor maker;
    private Actor owner;
    private Map<String, String> makerEnv;
    private Path platformCa;
    private URI devicePort;
    private String productId;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.givenServer(Store.H2);
        maker = server.givenUser(server.givenOrganization("Valve Makers", "manufacturer"), "admin");
        owner = server.givenUser(server.givenOrganization("Valve Owners", "owner"), "admin");
        platformCa = server.dataDir().resolve("trust/platform-ca.pem");
        devicePort =
                URI.create("https://127.0.0.1:" + server.server().devicePort().orElseThrow());
        makerEnv = CliRun.env(server, maker.token(), "valve-maker.token");
        CliRun product = CliRun.run(makerEnv, "product", "create", "--model", MODEL, "--name", "Valve", "--json");
        assertThat(product.exitCode()).as(product.err()).isZero();
        productId = Api.JSON.readTree(product.out()).get("id").asText();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Publishes {@code firmware} as a release with its measurements (name to hex digest) through the CLI. */
    private String publish(Firmware firmware) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("release-" + firmware.swversion()));
        Path image = Files.writeString(dir.resolve("valve.img"), "valve image " + firmware.swversion());
        Map<String, String> measurements = new TreeMap<>();
        firmware.referenceValues().forEach((c, d) -> measurements.put(c, d.substring("sha-256:".length())));
        Path file = Files.write(dir.resolve("measurements.json"), Api.JSON.writeValueAsBytes(measurements));
        CliRun publish = CliRun.run(
                makerEnv,
                "release",
                "publish",
                "--product",
                MODEL,
                "--version",
                firmware.swversion(),
                "--image",
                image.toString(),
                "--measurements",
                file.toString(),
                "--json");
        assertThat(publish.exitCode()).as(publish.err()).isZero();
        return Api.JSON.readTree(publish.out()).get("id").asText();
    }

    private Agent enrolled(String serial) throws IOException {
        return AgentEnrollment.enrolled(server, owner, serial, productId, tmp);
    }

    @Test
    void evidenceIsAppraisedAgainstTheReleaseOfItsVersionAndARevokedReleaseIsContraindicated() throws Exception {
        String v1 = publish(V1);
        Agent agent = enrolled("VA-1");

        AttestationOutcome matching = agent.attest(V1);
        AttestationOutcome tampered = agent.attest(V1.tampered("kernel"));
        AttestationOutcome unreleased = agent.attest(Firmware.simulated("valve-os", "1.9.9", Optional.of(MODEL)));

        assertThat(matching.status()).as("%s", matching).isEqualTo(Tier.AFFIRMING);
        assertThat(matching.findings()).isEmpty();
        assertThat(tampered.status()).isEqualTo(Tier.CONTRAINDICATED);
        assertThat(tampered.findingIds()).containsExactly("attestation.measurement.mismatch");
        JsonNode latest = server.api()
                .get("/api/v1/devices/VA-1/attestation/history?limit=2", owner.token())
                .json();
        assertThat(latest.at("/items/1/vector/executables").asInt()).isEqualTo(96);
        assertThat(latest.at("/items/1/findings/0/expected").asText()).startsWith("kernel sha-256:");
        // no release 1.9.9 and no allow-list: nothing to compare with
        assertThat(unreleased.findingIds()).containsExactly("attestation.reference.absent");
        assertThat(unreleased.status()).isEqualTo(Tier.WARNING);

        CliRun revoke = CliRun.run(makerEnv, "release", "revoke", v1, "--reason", "bricks valves");
        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        AttestationOutcome revoked = agent.attest(V1);

        assertThat(revoked.status()).isEqualTo(Tier.CONTRAINDICATED);
        assertThat(revoked.findingIds()).containsExactly("attestation.release.revoked");
        JsonNode shown = server.api()
                .get("/api/v1/devices/VA-1/attestation", owner.token())
                .json();
        assertThat(shown.get("integrity").asText()).isEqualTo("contraindicated");
        assertThat(shown.at("/findings/0/actual").asText()).contains("1.0.0", v1);
    }

    @Test
    void theReleaseARolloutInstalledIsWhatTheDeviceMustRun() throws Exception {
        String v2 = publish(V2);
        Agent agent = enrolled("VA-2");
        assertThat(agent.attest(V2).status()).isEqualTo(Tier.AFFIRMING);
        Api.Response rollout =
                server.api().post("/api/v1/rollouts", owner.token(), Map.of("release", v2, "waves", List.of("100%")));
        assertThat(rollout.status()).as("%s", rollout).isEqualTo(201);
        AssignmentClient updates =
                new AssignmentClient(devicePort, agent.deviceTls(), assignmentKey(agent), server.clock());
        Assignment assignment = updates.fetch().orElseThrow();
        updates.report(assignment.rollout(), "downloading", null);
        updates.report(assignment.rollout(), "installed", null);

        // the device reported 2.0.0 installed: evidence of another version does not fit it
        AttestationOutcome claimsV1 = agent.attest(V1);
        AttestationOutcome runsV2 = agent.attest(V2);

        assertThat(claimsV1.status()).as("%s", claimsV1).isEqualTo(Tier.CONTRAINDICATED);
        assertThat(claimsV1.findingIds()).containsOnly("attestation.measurement.mismatch");
        assertThat(runsV2.status()).isEqualTo(Tier.AFFIRMING);
    }

    @Test
    void aProductMarkedAsDevelopmentLetsItsDevicesAttestWithDebugEnabled() throws Exception {
        Firmware v3 = Firmware.simulated("valve-os", "3.0.0", Optional.of(MODEL));
        publish(v3);
        Agent agent = enrolled("VA-3");
        Firmware debugging = v3.withDebug(DebugStatus.ENABLED);
        assertThat(agent.attest(debugging).status()).isEqualTo(Tier.WARNING);

        CliRun marked = CliRun.run(makerEnv, "attest", "production", "--product", MODEL, "--set", "development");
        AttestationOutcome development = agent.attest(debugging);

        assertThat(marked.out()).as("%s", marked).contains(MODEL + ": development");
        assertThat(development.status()).isEqualTo(Tier.AFFIRMING);
        assertThat(development.findingIds()).containsExactly("attestation.debug.enabled");
        // the owner may read its product but not change it
        Api.Response byOwner = server.api()
                .send(
                        "PUT",
                        "/api/v1/products/" + productId + "/attestation/production",
                        owner.token(),
                        Map.of("production", true),
                        "application/json");
        assertThat(byOwner.status()).isIn(403, 404);
        CliRun back = CliRun.run(makerEnv, "attest", "production", "--product", MODEL, "--set", "production");
        assertThat(back.out()).as("%s", back).contains(MODEL + ": production");
        assertThat(agent.attest(debugging).status()).isEqualTo(Tier.WARNING);
    }

    private PublicKey assignmentKey(Agent agent) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(agent.deviceTls()).build();
        String pem = http.send(
                        HttpRequest.newBuilder(devicePort.resolve("/update/assignment-key"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Pem.decode("PUBLIC KEY", pem)));
    }
}
