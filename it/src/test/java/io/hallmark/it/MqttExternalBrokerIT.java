package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.behaviour.Drop;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Command;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telemetry through an external MQTT 5 broker: a real Mosquitto on a free loopback port authenticates devices by
 * their operational certificates ({@code use_identity_as_username}) and lets each publish only under its own serial
 * (the ACL {@code docs/protocol/telemetry.md} gives); Hallmark reads the shared subscription with its own client
 * certificate. The broker's and Hallmark's certificates come from a CA this test makes with openssl.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttExternalBrokerIT {
    private TestServer server;
    private Actor ownerAdmin;
    private MqttDevices devices;
    private Process mosquitto;
    private int port;

    @TempDir
    static Path tmp;

    @BeforeAll
    void start() throws IOException {
        Assumptions.assumeTrue(Command.onPath("mosquitto"), "mosquitto is not installed: skipped");
        Assumptions.assumeTrue(Command.onPath("mosquitto_pub"), "mosquitto-clients is not installed: skipped");
        port = MqttIT.freePort();
        Path ca = testCa();
        Path brokerKey = tmp.resolve("broker.key");
        Path brokerCert =
                issue(ca, "broker", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth");
        Path hallmarkCert = issue(ca, "hallmark", "/CN=hallmark", "extendedKeyUsage=clientAuth");
        server = TestServer.givenServer(
                Store.H2,
                Map.of(
                        "mqtt.broker-url", "ssl://127.0.0.1:" + port,
                        "mqtt.ca-file", ca.toString(),
                        "mqtt.cert-file", hallmarkCert.toString(),
                        "mqtt.key-file", tmp.resolve("hallmark.key").toString(),
                        "mqtt.client-id", "hallmark-1"));
        String ownerId = server.givenOrganization("Northwind Facilities", "owner");
        ownerAdmin = server.givenUser(ownerId, "admin");
        devices = new MqttDevices(server, ownerAdmin.token(), tmp);
        // the broker trusts the test CA (Hallmark) and the owner's device CAs (devices)
        devices.enroll("EXT-0");
        Path trusted = tmp.resolve("broker-cas.pem");
        Files.writeString(trusted, Files.readString(ca) + Files.readString(devices.ownerChain(ownerId)));
        Path acl = Files.writeString(tmp.resolve("acl"), """
                # Hallmark reads every device's telemetry
                user hallmark
                topic read hallmark/d/+/telemetry
                # each device writes only under its own serial (its certificate's CN)
                pattern write hallmark/d/%u/#
                """);
        String root = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Path conf = Files.writeString(
                tmp.resolve("mosquitto.conf"),
                root + "per_listener_settings false\n"
                        + "listener " + port + " 127.0.0.1\n"
                        + "cafile " + trusted + "\n"
                        + "certfile " + brokerCert + "\n"
                        + "keyfile " + brokerKey + "\n"
                        + "require_certificate true\n"
                        + "use_identity_as_username true\n"
                        + "acl_file " + acl + "\n"
                        + "persistence false\n"
                        + "max_queued_messages 0\n"
                        + "log_dest file " + tmp.resolve("mosquitto.log") + "\n"
                        + "log_type all\n");
        mosquitto = new ProcessBuilder("mosquitto", "-c", conf.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(tmp.resolve("mosquitto.out").toFile())
                .redirectErrorStream(true)
                .start();
    }

    @AfterAll
    void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (mosquitto != null) {
                // stopped by its PID
                mosquitto.destroy();
            }
        }
    }

    @Test
    void aDeviceReportThroughMosquittoReachesHallmarkAndAnotherSerialIsRefusedByTheBroker() throws IOException {
        MqttDevices.Enrolled device = devices.enroll("EXT-1001");
        devices.enroll("EXT-1002");
        // a broker keeps no message for a subscription that does not exist yet
        waitUntil(() -> server.server().mqtt().orElseThrow().isReady());

        Command pub = publishUntilConnected(device, "EXT-1001", devices.report("EXT-1001", 5), "EXT-1001");
        assertThat(pub.exitCode()).as("%s", pub).isZero();
        Api.Response latest = waitForTelemetry("EXT-1001");
        assertThat(latest.json().get("report").get("seq").asLong()).isEqualTo(5);

        Command other = MqttDevices.publish(
                tmp,
                tmp.resolve("ca.pem"),
                port,
                device,
                "EXT-1001",
                "hallmark/d/EXT-1002/telemetry",
                devices.report("EXT-1002", 1));
        assertThat(other.out() + other.err()).as("%s", other).containsIgnoringCase("not authorized");
        // a second report of the device itself comes after the refused one: once it is in, the refused one is not
        Command next = MqttDevices.publish(
                tmp,
                tmp.resolve("ca.pem"),
                port,
                device,
                "EXT-1001",
                "hallmark/d/EXT-1001/telemetry",
                devices.report("EXT-1001", 6));
        assertThat(next.exitCode()).as("%s", next).isZero();
        waitUntil(() -> server.api()
                .get("/api/v1/devices/EXT-1001/telemetry", ownerAdmin.token())
                .body()
                .contains("\"seq\":6"));
        assertThat(server.api()
                        .get("/api/v1/devices/EXT-1002/telemetry", ownerAdmin.token())
                        .status())
                .isEqualTo(404);
        assertThat(server.server().mqtt().orElseThrow().dropped(Drop.UNKNOWN_DEVICE))
                .isZero();
    }

    private Api.Response waitForTelemetry(String serial) {
        Api.Response[] last = new Api.Response[1];
        waitUntil(() -> {
            last[0] = server.api().get("/api/v1/devices/" + serial + "/telemetry", ownerAdmin.token());
            return last[0].status() == 200;
        });
        return last[0];
    }

    private Command publishUntilConnected(MqttDevices.Enrolled device, String clientId, Path file, String serial) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Command c = MqttDevices.publish(
                    tmp, tmp.resolve("ca.pem"), port, device, clientId, "hallmark/d/" + serial + "/telemetry", file);
            if (c.exitCode() == 0 || System.nanoTime() > deadline) {
                return c;
            }
            sleep();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as(() -> "waiting for the report; the broker said:\n" + brokerLog())
                    .isLessThan(deadline);
            sleep();
        }
    }

    private static String brokerLog() {
        try {
            return Files.readString(tmp.resolve("mosquitto.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A CA for the broker's and Hallmark's certificates. */
    private static Path testCa() {
        Path ca = tmp.resolve("ca.pem");
        Command c = Command.run(
                tmp,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                tmp.resolve("ca.key").toString(),
                "-out",
                ca.toString(),
                "-subj",
                "/CN=Test MQTT CA",
                "-days",
                "2");
        assertThat(c.exitCode()).as("%s", c).isZero();
        return ca;
    }

    /** A key {@code name}.key and its certificate {@code name}.pem from the test CA. */
    private static Path issue(Path ca, String name, String subject, String extensions) throws IOException {
        Path key = tmp.resolve(name + ".key");
        Path csr = tmp.resolve(name + ".csr");
        Command req = Command.run(
                tmp,
                "openssl",
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                csr.toString(),
                "-subj",
                subject);
        assertThat(req.exitCode()).as("%s", req).isZero();
        Path ext = Files.writeString(tmp.resolve(name + ".ext"), extensions + "\n");
        Path cert = tmp.resolve(name + ".pem");
        Command sign = Command.run(
                tmp,
                "openssl",
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                ca.toString(),
                "-CAkey",
                tmp.resolve("ca.key").toString(),
                "-CAcreateserial",
                "-out",
                cert.toString(),
                "-days",
                "2",
                "-extfile",
                ext.toString());
        assertThat(sign.exitCode()).as("%s", sign).isZero();
        return cert;
    }
}
