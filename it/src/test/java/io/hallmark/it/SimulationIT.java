package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hallmark simulate} against a real server: devices born at the factory, sold by voucher, enrolled over EST by
 * the Java agent, reporting telemetry over mutual TLS; half of them join a flood toward one victim after their
 * baselines are learned. Every attacker must be caught and quarantined, no healthy device touched, and the flood must
 * be one fleet incident, not one per device.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulationIT {
    private TestServer server;

    @TempDir
    Path work;

    @BeforeAll
    void start() throws java.io.IOException {
        // a fixed free port: the embedded MQTT broker does not report a port it picked itself
        server = TestServer.givenServer(Store.H2, Map.of("mqtt-port", Integer.toString(MqttIT.freePort())));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aFloodingBotnetIsDetectedAndQuarantinedAsOneFleetIncidentWithoutTouchingHealthyDevices() throws Exception {
        CliRun run = CliRun.run(
                Map.of(),
                "simulate",
                "--data",
                server.dataDir().toString(),
                "--devices",
                "24",
                "--interval",
                "1",
                "--compromise",
                "50",
                "--attack",
                "flood",
                "--owner",
                "Botnet Owner",
                "--work",
                work.toString(),
                "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("compromised").asInt()).isEqualTo(12);
        assertThat(report.get("detected").asInt()).isEqualTo(12);
        assertThat(report.get("quarantined").asInt()).isEqualTo(12);
        assertThat(report.get("falsePositives").asInt()).isZero();
        assertThat(report.get("healthyQuarantined").asInt()).isZero();

        String owner = server.api()
                .get("/api/v1/organizations/Botnet%20Owner", server.adminToken())
                .json()
                .get("id")
                .asText();
        JsonNode incidents = server.api()
                .get("/api/v1/incidents?state=open&org=" + owner, server.adminToken())
                .json()
                .get("items");
        List<JsonNode> fleet = new ArrayList<>();
        incidents.forEach(i -> {
            if (i.get("kind").asText().equals("fleet")) {
                fleet.add(i);
            }
        });
        assertThat(fleet).hasSize(1);
        assertThat(fleet.get(0).get("subject").asText()).isEqualTo("203.0.113.80:80/tcp");
        assertThat(fleet.get(0).get("devices").asInt()).isEqualTo(12);
        assertThat(fleet.get(0).get("severity").asText()).isEqualTo("critical");
        assertThat(incidents)
                .as("no device incident stays open beside the fleet's")
                .hasSize(1);
        // at least: the MQTT simulation on the same server adds its own
        java.util.regex.Matcher quarantined = java.util.regex.Pattern.compile(
                        "hallmark_behaviour_quarantined_total ([0-9.]+)")
                .matcher(server.api().get("/metrics", server.adminToken()).body());
        assertThat(quarantined.find()).isTrue();
        assertThat(Double.parseDouble(quarantined.group(1))).isGreaterThanOrEqualTo(12.0);
    }

    @Test
    void overMqttFloodingDevicesAreQuarantinedToldSoOnTheirEventsTopicAndTheirSessionsDropped() throws Exception {
        CliRun run = CliRun.run(
                Map.of(),
                "simulate",
                "--data",
                server.dataDir().toString(),
                "--transport",
                "mqtt",
                "--devices",
                "24",
                "--interval",
                "1",
                "--compromise",
                "50",
                "--attack",
                "flood",
                "--owner",
                "MQTT Botnet Owner",
                "--product",
                "mqtt-cam",
                "--work",
                work.resolve("mqtt").toString(),
                "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("transport").asText()).as(run.err()).isEqualTo("mqtt");
        assertThat(report.get("detected").asInt()).as(run.err()).isEqualTo(12);
        assertThat(report.get("compromised").asInt()).isEqualTo(12);
        assertThat(report.get("detected").asInt()).isEqualTo(12);
        assertThat(report.get("quarantined").asInt()).isEqualTo(12);
        assertThat(report.get("falsePositives").asInt()).isZero();
        assertThat(report.get("healthyQuarantined").asInt()).isZero();
        assertThat(report.get("cutOffNotified").asInt())
                .as("every quarantined device heard device.quarantine on its events topic before its session ended")
                .isEqualTo(12);
        String metrics = server.api().get("/metrics", server.adminToken()).body();
        java.util.regex.Matcher dropped = java.util.regex.Pattern.compile(
                        "hallmark_mqtt_sessions_dropped_total ([0-9.]+)")
                .matcher(metrics);
        assertThat(dropped.find()).as(metrics).isTrue();
        assertThat(Double.parseDouble(dropped.group(1))).isGreaterThanOrEqualTo(12.0);
    }

    @Test
    void theProductsLimitCatchesExfiltrationFromTheFirstReportBeforeAnyBaselineIsLearned() throws Exception {
        String maker = server.givenOrganization("Exfil Maker", "manufacturer");
        assertThat(server.api()
                        .post(
                                "/api/v1/products",
                                server.adminToken(),
                                Map.of("org", maker, "model", "exfil-cam", "name", "Exfil Camera"))
                        .status())
                .isEqualTo(201);
        assertThat(server.api()
                        .send(
                                "PUT",
                                "/api/v1/products/exfil-cam/behaviour-limits?org=" + maker,
                                server.adminToken(),
                                Map.of("limits", Map.of("bytes_per_hour", 1.0)),
                                "application/json")
                        .status())
                .as("an unknown metric")
                .isEqualTo(400);
        CliRun limits = CliRun.run(
                Map.of(),
                "product",
                "limits",
                "exfil-cam",
                "--org",
                maker,
                "--set",
                "bytes_out_per_s=50000",
                "--data",
                server.dataDir().toString());
        assertThat(limits.exitCode()).as(limits.err()).isZero();
        assertThat(limits.out()).contains("bytes_out_per_s").contains("50000");

        CliRun run = CliRun.run(
                Map.of(),
                "simulate",
                "--data",
                server.dataDir().toString(),
                "--manufacturer",
                "Exfil Maker",
                "--product",
                "exfil-cam",
                "--owner",
                "Exfil Owner",
                "--devices",
                "6",
                "--interval",
                "1",
                "--compromise",
                "50",
                "--attack",
                "exfil",
                "--at",
                "0",
                "--duration",
                "4",
                "--work",
                work.resolve("exfil").toString(),
                "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("compromised").asInt()).isEqualTo(3);
        assertThat(report.get("detected").asInt()).isEqualTo(3);
        assertThat(report.get("quarantined").asInt()).isEqualTo(3);
        assertThat(report.get("falsePositives").asInt()).isZero();
    }

    @Test
    void devicesAttestAtBootAndOnlyTheTamperedAreContraindicated() throws Exception {
        // the devices' evidence carries the real time; the test server's clock stood still since it started
        server.clock().advance(java.time.Duration.between(server.clock().instant(), java.time.Instant.now()));
        CliRun run = CliRun.run(
                Map.of(),
                "simulate",
                "--data",
                server.dataDir().toString(),
                "--owner",
                "Attesting Fleet",
                "--devices",
                "12",
                "--interval",
                "1",
                "--duration",
                "2",
                "--tamper",
                "2",
                "--debug-on",
                "2",
                "--replay-nonce",
                "1",
                "--stale-evidence",
                "1",
                "--foreign-key",
                "1",
                "--work",
                work.resolve("attest").toString(),
                "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(run.out()).get("attestation");
        assertThat(a.at("/byStatus/affirming").asInt()).as("%s", a).isEqualTo(5);
        assertThat(a.at("/byStatus/contraindicated").asInt()).isEqualTo(2);
        assertThat(a.at("/byStatus/warning").asInt()).isEqualTo(2);
        assertThat(a.at("/byStatus/refused").asInt())
                .as("replayed, stale and foreign-key evidence")
                .isEqualTo(3);
        assertThat(a.at("/findings/attestation.measurement.mismatch").asInt()).isEqualTo(2);
        assertThat(a.at("/findings/attestation.debug.enabled").asInt()).isEqualTo(2);
        assertThat(a.at("/findings/attestation.nonce.replayed").asInt()).isEqualTo(1);
        assertThat(a.at("/findings/attestation.iat.stale").asInt()).isEqualTo(1);
        assertThat(a.at("/findings/attestation.signature.invalid").asInt()).isEqualTo(1);
        assertThat(a.get("contraindicated").asInt()).isEqualTo(2);
        assertThat(a.get("contraindicatedAreExactlyTheTampered").asBoolean()).isTrue();
    }
}
