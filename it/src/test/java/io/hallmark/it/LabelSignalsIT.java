package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.agent.Agent;
import io.hallmark.agent.Firmware;
import io.hallmark.protocol.attestation.Tier;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The label's live status follows the platform's own data: an imported OSV advisory rated critical that affects a
 * component of the product's published release (by its CycloneDX SBOM) and is older than the label's 30-day fix
 * deadline suspends the label, naming the advisory; a later release without the component lifts the suspension; a
 * fleet (owned by a customer) whose devices attest contraindicated above the label's threshold suspends it. Each
 * change is audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelSignalsIT {
    private static final Path CAMERA = Path.of("..", "examples", "camera.yaml");
    private static final Firmware FIRMWARE = Firmware.simulated("cam-os", "1.0.0", Optional.of("LS-CAM-2"));
    /** Published in 2024 (long past the deadline), CVSS 3.1 base score 9.8. */
    private static final String ADVISORY = """
            {"id": "GHSA-lbl1-test-0001", "published": "2024-01-10T00:00:00Z", "modified": "2024-02-01T00:00:00Z",
             "aliases": ["CVE-2024-99001"], "summary": "Remote code execution in the camera's HTTP library",
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
             "affected": [{"package": {"ecosystem": "npm", "name": "tiny-httpd"},
               "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "2.0.0"}]}]}]}""";

    /** CVSS 3.1 base score 7.5: high, not critical, and not known to be exploited until the maker says so. */
    private static final String HIGH_ADVISORY = """
            {"id": "GHSA-lbl1-test-0002", "published": "2026-11-01T00:00:00Z", "modified": "2026-11-01T00:00:00Z",
             "summary": "Denial of service in the camera's MQTT library",
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}],
             "affected": [{"package": {"ecosystem": "npm", "name": "tiny-mqtt"},
               "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "3.0.0"}]}]}]}""";

    private TestServer server;
    private Actor maker;
    private Actor owner;
    private Map<String, String> env;
    private String profile;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.givenServer(Store.H2);
        maker = server.givenUser(server.givenOrganization("Signal Cameras", "manufacturer"), "admin");
        owner = server.givenUser(server.givenOrganization("Camera Owners", "owner"), "admin");
        profile = Files.readString(CAMERA, StandardCharsets.UTF_8);
        env = CliRun.env(server, maker.token(), "signals-maker.token");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aCriticalAdvisoryPastItsDeadlineSuspendsTheLabelUntilAReleaseWithoutItIsOut() throws IOException {
        String product = givenProduct("LS-CAM-1");
        publish("LS-CAM-1", "1.0.0", "pkg:npm/tiny-httpd@1.4.2");
        String id = givenIssuedLabel(product);
        assertThat(verify(id).get("status").asText()).isEqualTo("valid");

        java.time.Instant before = server.clock().instant();
        try {
            Path advisory = Files.writeString(tmp.resolve("advisory.json"), ADVISORY);
            CliRun imported = CliRun.run(env, "vuln", "import", advisory.toString());
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            // the status is cached for a minute
            server.clock().advance(Duration.ofMinutes(2));
            JsonNode suspended = verify(id);
            assertThat(suspended.get("status").asText()).isEqualTo("suspended");
            assertThat(suspended.get("reasons")).singleElement().satisfies(r -> {
                assertThat(r.get("id").asText()).isEqualTo("label.vulnerability-overdue");
                assertThat(r.get("message").asText())
                        .contains("GHSA-lbl1-test-0001", "CVE-2024-99001", "CVSS 9.8", "LS-CAM-1 1.0.0")
                        .contains("pkg:npm/tiny-httpd@1.4.2", "30 days");
            });
            assertThat(server.api().getAccepting("/verify/" + id, "text/html").body())
                    .contains("suspended", "GHSA-lbl1-test-0001");
            assertThat(audit("label.status.change", id))
                    .anySatisfy(d -> assertThat(d).contains("valid -> suspended", "GHSA-lbl1-test-0001"));

            // the fixed release is the latest, and no device reports running 1.0.0: nothing open remains
            publish("LS-CAM-1", "1.1.0", "pkg:npm/tiny-httpd@2.0.1");
            server.clock().advance(Duration.ofMinutes(2));
            JsonNode lifted = verify(id);
            assertThat(lifted.get("status").asText()).isEqualTo("valid");
            assertThat(audit("label.status.change", id))
                    .anySatisfy(d -> assertThat(d).contains("suspended -> valid"));
        } finally {
            // certificates issued later must not start in the future of the TLS layer's real clock
            server.clock().advance(Duration.between(server.clock().instant(), before));
        }
    }

    @Test
    void aVulnerabilityReportedAsExploitedUnderTheCraSuspendsTheLabelOnceItsFixIsOverdue() throws IOException {
        String product = givenProduct("LS-CAM-3");
        publish("LS-CAM-3", "1.0.0", "pkg:npm/tiny-mqtt@2.1.0");
        String id = givenIssuedLabel(product);
        java.time.Instant before = server.clock().instant();
        try {
            Path advisory = Files.writeString(tmp.resolve("high-advisory.json"), HIGH_ADVISORY);
            CliRun imported = CliRun.run(env, "vuln", "import", advisory.toString());
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            server.clock().advance(Duration.ofDays(40));
            assertThat(verify(id).get("status").asText())
                    .as("a high advisory alone does not suspend the label")
                    .isEqualTo("valid");

            CliRun opened = CliRun.run(
                    env,
                    "cra",
                    "open",
                    "--kind",
                    "vulnerability",
                    "--advisory",
                    "GHSA-lbl1-test-0002",
                    "--aware-at",
                    server.clock().instant().minus(Duration.ofDays(31)).toString(),
                    "--summary",
                    "exploited in the field against exposed cameras");
            assertThat(opened.exitCode()).as(opened.err()).isZero();
            server.clock().advance(Duration.ofMinutes(2));

            JsonNode suspended = verify(id);
            assertThat(suspended.get("status").asText()).isEqualTo("suspended");
            assertThat(suspended.get("reasons")).singleElement().satisfies(r -> assertThat(
                            r.get("message").asText())
                    .contains("GHSA-lbl1-test-0002", "reported under the CRA", "LS-CAM-3 1.0.0"));
        } finally {
            server.clock().advance(Duration.between(server.clock().instant(), before));
        }
    }

    @Test
    void aFleetWithContraindicatedDevicesAboveTheThresholdSuspendsTheLabel() throws IOException {
        String product = givenProduct("LS-CAM-2");
        Map<String, List<String>> reference = new java.util.TreeMap<>();
        FIRMWARE.referenceValues().forEach((c, d) -> reference.put(c, List.of(d)));
        Api.Response set = server.api()
                .send(
                        "PUT",
                        "/api/v1/products/" + product + "/reference-values",
                        maker.token(),
                        Map.of("components", reference),
                        "application/json");
        assertThat(set.status()).as("%s", set).isEqualTo(200);
        assertThat(enrolled(product, "LS-A1").attest(FIRMWARE).status()).isEqualTo(Tier.AFFIRMING);
        assertThat(enrolled(product, "LS-A2").attest(FIRMWARE).status()).isEqualTo(Tier.AFFIRMING);
        assertThat(enrolled(product, "LS-T1")
                        .attest(FIRMWARE.tampered("kernel"))
                        .status())
                .isEqualTo(Tier.CONTRAINDICATED);

        String id = givenIssuedLabel(product);
        JsonNode status = verify(id);
        assertThat(status.get("status").asText()).isEqualTo("suspended");
        assertThat(status.get("reasons")).singleElement().satisfies(r -> {
            assertThat(r.get("id").asText()).isEqualTo("label.integrity-failures");
            assertThat(r.get("message").asText()).contains("1 of 3 attested devices (34%)", "threshold: 5%");
        });
        assertThat(audit("label.status.change", id))
                .anySatisfy(d -> assertThat(d).contains("valid -> suspended", "label.integrity-failures"));
    }

    private String givenProduct(String model) {
        Api.Response p = server.api()
                .post(
                        "/api/v1/products",
                        maker.token(),
                        Map.of("model", model, "name", "Signal Cam", "supportUntil", "2031-12-31"));
        assertThat(p.status()).as("%s", p).isEqualTo(201);
        return p.json().get("id").asText();
    }

    private String givenIssuedLabel(String product) {
        Api.Response r = server.api()
                .post("/api/v1/labels", maker.token(), Map.of("product", product, "level", "L1", "profile", profile));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        String id = r.json().get("id").asText();
        Api.Response issued = server.api().post("/api/v1/labels/" + id + "/issue", maker.token(), Map.of());
        assertThat(issued.status()).as("%s", issued).isEqualTo(200);
        return id;
    }

    private void publish(String model, String version, String purl) throws IOException {
        Path image = Files.writeString(tmp.resolve(model + "-" + version + ".bin"), model + " firmware " + version);
        Path sbom = Files.writeString(
                tmp.resolve(model + "-" + version + ".cdx.json"),
                "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": [{\"type\": \"library\","
                        + " \"name\": \"tiny-httpd\", \"purl\": \"" + purl + "\"}]}");
        CliRun r = CliRun.run(
                env,
                "release",
                "publish",
                "--product",
                model,
                "--version",
                version,
                "--image",
                image.toString(),
                "--sbom",
                sbom.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private Agent enrolled(String product, String serial) throws IOException {
        return AgentEnrollment.enrolled(server, owner, serial, product, tmp);
    }

    private JsonNode verify(String id) {
        Api.Response r = server.api().getAccepting("/verify/" + id, "application/json");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    /** The details of the audit entries of {@code action} about {@code labelId}. */
    private List<String> audit(String action, String labelId) {
        Api.Response r = server.api().get("/api/v1/audit/entries?limit=500&action=" + action, server.adminToken());
        assertThat(r.status()).isEqualTo(200);
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode e : r.json().get("items")) {
            if (labelId.equals(e.path("target").asText())) {
                out.add(e.toString());
            }
        }
        return out;
    }
}
