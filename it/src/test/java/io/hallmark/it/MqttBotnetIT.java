package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The botnet scenario over MQTT, each attack in turn: {@code hallmark simulate --transport mqtt} onboards 50 devices
 * through the real path (factory IDevID, voucher, EST), each opens an MQTT 5 session over TLS with its operational
 * certificate to the embedded broker and publishes its reports there; after their baselines are learned, 10% of them
 * attack. Every attacker must be detected and quarantined, told so on its events topic and its session dropped; no
 * healthy device may be touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttBotnetIT {
    private static final int DEVICES = 50;
    private static final int ATTACKERS = 5;

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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"flood", "scan", "telnet", "exfil"})
    void everyAttackerOverMqttIsDetectedQuarantinedAndCutOffAndNoHealthyDeviceIsTouched(String attack)
            throws Exception {
        double droppedBefore = sessionsDropped();
        CliRun run = CliRun.run(
                Map.of(),
                "simulate",
                "--data",
                server.dataDir().toString(),
                "--transport",
                "mqtt",
                "--devices",
                Integer.toString(DEVICES),
                "--interval",
                "1",
                "--compromise",
                "10",
                "--attack",
                attack,
                "--owner",
                "MQTT " + attack + " Owner",
                "--product",
                "mqtt-" + attack + "-cam",
                "--work",
                work.resolve(attack).toString(),
                "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("transport").asText()).isEqualTo("mqtt");
        assertThat(report.get("devices").asInt()).isEqualTo(DEVICES);
        assertThat(report.get("compromised").asInt()).isEqualTo(ATTACKERS);
        assertThat(report.get("detected").asInt()).as("%s", report).isEqualTo(ATTACKERS);
        assertThat(report.get("quarantined").asInt()).as("%s", report).isEqualTo(ATTACKERS);
        assertThat(report.get("falsePositives").asInt()).as("%s", report).isZero();
        assertThat(report.get("healthyQuarantined").asInt()).as("%s", report).isZero();
        assertThat(report.get("detectionMillisP99").asLong())
                .as("every attacker has a latency")
                .isNotNegative();
        assertThat(report.get("quarantineMillisP99").asLong()).isNotNegative();
        assertThat(report.get("cutOffNotified").asInt())
                .as("every quarantined device heard device.quarantine on its events topic, then lost its session")
                .isEqualTo(ATTACKERS);
        assertThat(sessionsDropped() - droppedBefore).isGreaterThanOrEqualTo(ATTACKERS);
    }

    private double sessionsDropped() {
        Matcher m = Pattern.compile("hallmark_mqtt_sessions_dropped_total ([0-9.E]+)")
                .matcher(server.api().get("/metrics", server.adminToken()).body());
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
