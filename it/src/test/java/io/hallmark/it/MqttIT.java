package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.behaviour.Drop;
import io.hallmark.server.mqtt.MqttIngress;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Command;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telemetry over MQTT into the embedded broker with a client no one here wrote: {@code mosquitto_pub} and {@code
 * mosquitto_sub} (MQTT 5, TLS) are the devices, with operational certificates enrolled over EST by openssl and curl.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttIT {
    private TestServer server;
    private Actor ownerAdmin;
    private MqttDevices devices;
    private int port;

    @TempDir
    static Path tmp;

    @BeforeAll
    void start() throws IOException {
        Assumptions.assumeTrue(Command.onPath("mosquitto_pub"), "mosquitto-clients is not installed: skipped");
        port = freePort();
        // a tiny queue, so that a burst finds it full
        server = TestServer.givenServer(Store.H2, Map.of("mqtt-port", Integer.toString(port), "mqtt.queue-size", "2"));
        String ownerId = server.givenOrganization("Northwind Facilities", "owner");
        ownerAdmin = server.givenUser(ownerId, "admin");
        devices = new MqttDevices(server, ownerAdmin.token(), tmp);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDevicePublishesWithMosquittoPubAndTheReportShowsInTheApi() {
        MqttDevices.Enrolled device = devices.enroll("MQ-1001");
        Command pub = publishUntilConnected(device, "MQ-1001", devices.report("MQ-1001", 7));
        assertThat(pub.exitCode()).as("%s", pub).isZero();

        // QoS 1: mosquitto_pub returned after the PUBACK, which came after the report was taken
        Api.Response latest = server.api().get("/api/v1/devices/MQ-1001/telemetry", ownerAdmin.token());
        assertThat(latest.status()).as("%s", latest).isEqualTo(200);
        assertThat(latest.json().get("report").get("seq").asLong()).isEqualTo(7);

        Command again = MqttDevices.publish(
                tmp, devices.platformCa(), port, device, "MQ-1001", topic("MQ-1001"), devices.report("MQ-1001", 7));
        assertThat(again.out() + again.err())
                .as("the same seq again is refused, not lost")
                .isNotEmpty();
        assertThat(mqtt().dropped(Drop.DUPLICATE)).isGreaterThanOrEqualTo(1);
        assertThat(server.api().get("/metrics", server.adminToken()).body())
                .contains("hallmark_mqtt_dropped_total{reason=\"duplicate\"}")
                .contains("hallmark_mqtt_queue_depth")
                .contains("hallmark_telemetry_reports_total{outcome=\"accepted\"}");
    }

    @Test
    void aDevicePublishingUnderAnotherSerialIsRefusedAndCounted() {
        MqttDevices.Enrolled device = devices.enroll("MQ-2002");
        devices.enroll("MQ-2003");
        long before = mqtt().dropped(Drop.TOPIC_DENIED);

        Command pub = publishUntilConnected(device, "MQ-2002", devices.report("MQ-2003", 1), topic("MQ-2003"));

        assertThat(pub.out() + pub.err()).as("%s", pub).containsIgnoringCase("not authorized");
        assertThat(mqtt().dropped(Drop.TOPIC_DENIED)).isEqualTo(before + 1);
        assertThat(server.api()
                        .get("/api/v1/devices/MQ-2003/telemetry", ownerAdmin.token())
                        .status())
                .as("nothing reached the other device's telemetry")
                .isEqualTo(404);

        Command stolenId = MqttDevices.publish(
                tmp, devices.platformCa(), port, device, "MQ-2003", topic("MQ-2002"), devices.report("MQ-2002", 1));
        assertThat(stolenId.exitCode())
                .as("another device's client id is refused: %s", stolenId)
                .isNotZero();
    }

    @Test
    void aQuarantinedDeviceIsDisconnectedAtOnceAndCannotConnectAgain() throws Exception {
        MqttDevices.Enrolled device = devices.enroll("MQ-3003");
        assertThat(publishUntilConnected(device, "MQ-3003", devices.report("MQ-3003", 1))
                        .exitCode())
                .isZero();
        // line-buffered, so that its debug lines reach the file as they happen
        List<String> sub = new ArrayList<>(List.of(
                "stdbuf",
                "-oL",
                "mosquitto_sub",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-V",
                "mqttv5",
                "--cafile",
                devices.platformCa().toString(),
                "--cert",
                device.cert().toString(),
                "--key",
                device.key().toString(),
                "-d",
                "-i",
                "MQ-3003-sub",
                "-t",
                "hallmark/d/MQ-3003/commands/#"));
        Process listener = new ProcessBuilder(sub)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(tmp.resolve("sub.out").toFile())
                .redirectError(tmp.resolve("sub.err").toFile())
                .start();
        try {
            Path out = tmp.resolve("sub.out");
            // mosquitto_sub -d says when the broker answered its subscription
            waitUntil(
                    () -> read(out).contains("SUBACK") || !listener.isAlive(),
                    () -> "the subscriber subscribed: " + read(out) + read(tmp.resolve("sub.err")));
            assertThat(listener.isAlive())
                    .as("subscribed to its own commands: %s %s", read(out), read(tmp.resolve("sub.err")))
                    .isTrue();
            long dropped = mqtt().sessionsDropped();

            Api.Response q = server.api()
                    .post("/api/v1/devices/MQ-3003/quarantine", ownerAdmin.token(), Map.of("reason", "beaconing"));
            assertThat(q.status()).as("%s", q).isEqualTo(200);

            assertThat(listener.waitFor(Command.TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("the broker dropped the session")
                    .isTrue();
            assertThat(mqtt().sessionsDropped()).isGreaterThan(dropped);
        } finally {
            listener.destroyForcibly();
        }
        long refused = mqtt().dropped(Drop.CONNECT_REFUSED);
        Command again = MqttDevices.publish(
                tmp, devices.platformCa(), port, device, "MQ-3003", topic("MQ-3003"), devices.report("MQ-3003", 2));
        assertThat(again.exitCode())
                .as("a quarantined device cannot connect: %s", again)
                .isNotZero();
        assertThat(mqtt().dropped(Drop.CONNECT_REFUSED)).isGreaterThan(refused);
    }

    @Test
    void aQuarantinedDeviceHearsWhyOnItsEventsTopicBeforeItsSessionIsDropped() throws Exception {
        MqttDevices.Enrolled device = devices.enroll("MQ-3004");
        assertThat(publishUntilConnected(device, "MQ-3004", devices.report("MQ-3004", 1))
                        .exitCode())
                .isZero();
        Process listener = new ProcessBuilder(events(device, "MQ-3004-sub", List.of("-d")))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(tmp.resolve("events.out").toFile())
                .redirectError(tmp.resolve("events.err").toFile())
                .start();
        Path out = tmp.resolve("events.out");
        try {
            waitUntil(
                    () -> read(out).contains("SUBACK") || !listener.isAlive(),
                    () -> "the subscriber subscribed: " + read(out) + read(tmp.resolve("events.err")));
            Api.Response q = server.api()
                    .post("/api/v1/devices/MQ-3004/quarantine", ownerAdmin.token(), Map.of("reason", "beaconing"));
            assertThat(q.status()).as("%s", q).isEqualTo(200);
            assertThat(listener.waitFor(Command.TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("the broker dropped the session")
                    .isTrue();
        } finally {
            listener.destroyForcibly();
        }
        assertThat(read(out)).as("told before the session ended").contains("\"event\":\"device.quarantine\"");
    }

    private List<String> events(MqttDevices.Enrolled device, String clientId, List<String> extra) {
        List<String> sub = new ArrayList<>(List.of(
                "stdbuf",
                "-oL",
                "mosquitto_sub",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-V",
                "mqttv5",
                "--cafile",
                devices.platformCa().toString(),
                "--cert",
                device.cert().toString(),
                "--key",
                device.key().toString(),
                "-q",
                "1",
                "-i",
                clientId,
                "-t",
                "hallmark/d/" + device.serial() + "/events"));
        sub.addAll(extra);
        return sub;
    }

    @Test
    void aBurstOfQos1ReportsIsEachTakenOrRefusedAndNothingIsLostSilently() throws Exception {
        MqttDevices.Enrolled device = devices.enroll("MQ-4004");
        assertThat(publishUntilConnected(device, "MQ-4004", devices.report("MQ-4004", 1))
                        .exitCode())
                .isZero();
        MqttIngress m = mqtt();
        long received = m.received();
        long accepted = m.accepted();
        long dropped = totalDropped(m);
        int burst = 300;

        PahoDevice.Outcome outcome =
                PahoDevice.burst(port, devices.platformCa(), device.cert(), device.key(), "MQ-4004", burst);

        assertThat(outcome.acknowledged() + outcome.refused())
                .as("every QoS 1 publish was answered")
                .isEqualTo(burst);
        assertThat(m.received() - received).isEqualTo(burst);
        assertThat((m.accepted() - accepted) + (totalDropped(m) - dropped))
                .as("each report taken or counted as dropped, with its reason")
                .isEqualTo(burst);
        assertThat(m.accepted() - accepted).isEqualTo(outcome.acknowledged());
    }

    private static long totalDropped(MqttIngress m) {
        long sum = 0;
        for (Drop d : Drop.values()) {
            sum += m.dropped(d);
        }
        return sum;
    }

    private MqttIngress mqtt() {
        return server.server().mqtt().orElseThrow();
    }

    private static String topic(String serial) {
        return "hallmark/d/" + serial + "/telemetry";
    }

    private Command publishUntilConnected(MqttDevices.Enrolled device, String clientId, Path file) {
        return publishUntilConnected(device, clientId, file, topic(device.serial()));
    }

    /**
     * Publishes, trying again while the TLS handshake fails: the broker reloads its trust store within seconds of a
     * new organization's CA (docs/protocol/telemetry.md).
     */
    private Command publishUntilConnected(MqttDevices.Enrolled device, String clientId, Path file, String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Command c = MqttDevices.publish(tmp, devices.platformCa(), port, device, clientId, topic, file);
            String text = (c.out() + c.err()).toLowerCase(java.util.Locale.ROOT);
            boolean handshake = c.exitCode() != 0
                    && (text.contains("tls")
                            || text.contains("ssl")
                            || text.contains("protocol error")
                            || text.contains("connection"));
            if (!handshake || System.nanoTime() > deadline) {
                return c;
            }
            sleep();
        }
    }

    private static void waitUntil(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as(() -> "waiting until " + what.get())
                    .isLessThan(deadline);
            sleep();
        }
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
