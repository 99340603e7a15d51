package io.hallmark.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheDocumentedOnes() {
        ServerConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.apiPort()).isEqualTo(8443);
        assertThat(c.devicePort()).isEqualTo(8444);
        assertThat(c.mqttPort()).isEqualTo(8883);
        assertThat(c.dbUrl()).isEmpty();
        assertThat(c.checkpointEntries()).isEqualTo(1000);
        assertThat(c.checkpointSeconds()).isEqualTo(60);
    }

    @Test
    void flagsOverrideEnvironmentWhichOverridesTheFile() throws Exception {
        Path f = dir.resolve("h.yaml");
        Files.writeString(f, "bind: 10.0.0.1\napi-port: 9000\ndevice-port: 9001\naudit:\n  checkpoint-seconds: 5\n");
        ServerConfig c = ConfigLoader.load(
                Optional.of(f),
                Map.of("HALLMARK_API_PORT", "9100", "HALLMARK_DEVICE_PORT", "9101"),
                Map.of("api-port", "9200"));
        assertThat(c.bind()).isEqualTo("10.0.0.1");
        assertThat(c.apiPort()).isEqualTo(9200);
        assertThat(c.devicePort()).isEqualTo(9101);
        assertThat(c.checkpointSeconds()).isEqualTo(5);
    }

    @Test
    void theFleetAuditScheduleAndAdminLimitAreConfigurable() throws Exception {
        ServerConfig defaults = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
        assertThat(defaults.fleetAudit().interval()).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(defaults.fleetAudit().maxAdmins()).isEqualTo(3);
        Path f = dir.resolve("fleet.yaml");
        Files.writeString(f, "fleet-audit:\n  interval-hours: 6\n  max-admins: 5\n");
        ServerConfig c = ConfigLoader.load(Optional.of(f), Map.of(), Map.of());
        assertThat(c.fleetAudit().interval()).isEqualTo(java.time.Duration.ofHours(6));
        assertThat(c.fleetAudit().maxAdmins()).isEqualTo(5);
        assertThatThrownBy(
                        () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("fleet-audit.interval-hours", "0")))
                .hasMessageContaining("fleet-audit.interval-hours");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("fleet-audit.max-admins", "0")))
                .hasMessageContaining("fleet-audit.max-admins");
    }

    @Test
    void theWeakKeyBlocklistIsAnExistingDirectoryOrNone() throws Exception {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of())
                        .fleetAudit()
                        .weakKeyBlocklist())
                .isEmpty();
        Path lists = Files.createDirectories(dir.resolve("openssl-blacklist"));
        ServerConfig c = ConfigLoader.load(
                Optional.empty(), Map.of("HALLMARK_FLEET_AUDIT_WEAK_KEY_BLOCKLIST", lists.toString()), Map.of());
        assertThat(c.fleetAudit().weakKeyBlocklist()).contains(lists);
        assertThatThrownBy(() -> ConfigLoader.load(
                        Optional.empty(),
                        Map.of(),
                        Map.of(
                                "fleet-audit.weak-key-blocklist",
                                dir.resolve("missing").toString())))
                .isInstanceOf(ConfigLoader.ConfigException.class)
                .hasMessageContaining("fleet-audit.weak-key-blocklist")
                .hasMessageContaining("expected: a directory");
    }

    @Test
    void unknownKeyInTheFileFailsNamingIt() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "bind: 127.0.0.1\napi-prot: 9000\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()))
                .isInstanceOf(ConfigLoader.ConfigException.class)
                .hasMessageContaining("unknown key 'api-prot'");
    }

    @Test
    void unknownNestedKeyFailsNamingItsPath() throws Exception {
        Path f = dir.resolve("bad2.yaml");
        Files.writeString(f, "audit:\n  checkpoint-minutes: 3\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()))
                .hasMessageContaining("unknown key 'audit.checkpoint-minutes'");
    }

    @Test
    void badValueNamesTheKey() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("api-port", "https")))
                .hasMessageContaining("api-port");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("api-port", "70000")))
                .hasMessageContaining("api-port");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("db", "jdbc:mysql://x")))
                .hasMessageContaining("db");
    }

    @Test
    void portZeroTurnsDeviceAndMqttListenersOff() {
        ServerConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of("device-port", "0", "mqtt-port", "0"));
        assertThat(c.devicePort()).isEqualTo(-1);
        assertThat(c.mqttPort()).isEqualTo(-1);
    }

    @Test
    void theEmbeddedBrokerIsTheDefaultAndAnExternalOneNeedsItsTlsFiles() {
        ServerConfig embedded = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
        assertThat(embedded.mqtt()).isEqualTo(ServerConfig.Mqtt.EMBEDDED);

        ServerConfig external = ConfigLoader.load(
                Optional.empty(),
                Map.of("HALLMARK_MQTT_QUEUE_SIZE", "500"),
                Map.of(
                        "mqtt.broker-url", "ssl://broker.internal:8883",
                        "mqtt.ca-file", "ca.pem",
                        "mqtt.cert-file", "client.pem",
                        "mqtt.key-file", "client.key",
                        "mqtt.client-id", "hallmark-2"));
        assertThat(external.mqtt().brokerUrl())
                .hasValueSatisfying(u -> assertThat(u.getPort()).isEqualTo(8883));
        assertThat(external.mqtt().clientId()).isEqualTo("hallmark-2");
        assertThat(external.mqtt().queueSize()).isEqualTo(500);

        assertThatThrownBy(() -> ConfigLoader.load(
                        Optional.empty(), Map.of(), Map.of("mqtt.broker-url", "ssl://broker.internal:8883")))
                .hasMessageContaining("mqtt.ca-file");
        assertThatThrownBy(() -> ConfigLoader.load(
                        Optional.empty(), Map.of(), Map.of("mqtt.broker-url", "tcp://broker.internal:1883")))
                .hasMessageContaining("mqtt.broker-url");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("mqtt.queue-size", "0")))
                .hasMessageContaining("mqtt.queue-size");
    }

    @Test
    void secretsAreMaskedInTheDump() {
        ServerConfig c = ConfigLoader.load(
                Optional.empty(),
                Map.of("HALLMARK_DB_PASSWORD", "s3cret-pw"),
                Map.of("db", "jdbc:postgresql://h/db?user=u&password=inline-secret"));
        assertThat(c.toString()).doesNotContain("s3cret-pw", "inline-secret").contains("****");
    }

    @Test
    void environmentNamesMirrorTheKeys() {
        assertThat(ConfigLoader.envName("api-port")).isEqualTo("HALLMARK_API_PORT");
        assertThat(ConfigLoader.envName("audit.witness-file")).isEqualTo("HALLMARK_AUDIT_WITNESS_FILE");
    }

    @Test
    void theTelemetryIntakeLimitIsTwentyThenTwoPerSecondUnlessSetAndRefusesNonsense() {
        ServerConfig defaults = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
        assertThat(defaults.telemetryIntake())
                .isEqualTo(io.hallmark.server.behaviour.TelemetryService.IntakeLimit.DEFAULT);
        assertThat(defaults.telemetryIntake().burst()).isEqualTo(20);
        ServerConfig raised = ConfigLoader.load(
                Optional.empty(),
                Map.of(),
                Map.of("telemetry.intake-burst", "1000", "telemetry.intake-per-second", "500.5"));
        assertThat(raised.telemetryIntake().burst()).isEqualTo(1000);
        assertThat(raised.telemetryIntake().perSecond()).isEqualTo(500.5);
        for (String bad : new String[] {"0", "-1", "x", "NaN"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                            ConfigLoader.load(Optional.empty(), Map.of(), Map.of("telemetry.intake-per-second", bad)))
                    .as(bad)
                    .isInstanceOf(ConfigLoader.ConfigException.class);
        }
    }
}
