package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Command;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet audit's connection checks driven by real clients: one device certificate used from two loopback
 * addresses, interleaved, with curl on the device port and mosquitto_pub on the MQTT broker
 * ({@code device.certificate.shared}); one MQTT client id connected again and again with the Eclipse Paho client,
 * each connection taking the session over from the one before ({@code device.client-id.conflict}); a quarantined
 * device whose curl and mosquitto_pub keep trying ({@code device.revoked.connecting}); and a device that connects
 * normally, about which none of the three says anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionChecksIT {
    private TestServer server;
    private Actor owner;
    private MqttDevices devices;
    private int mqttPort;

    @TempDir
    static Path tmp;

    @BeforeAll
    void start() throws java.io.IOException {
        Assumptions.assumeTrue(Command.onPath("mosquitto_pub"), "mosquitto-clients is not installed: skipped");
        // port 0 turns the broker off: it gets a free port of its own
        mqttPort = MqttIT.freePort();
        server = TestServer.givenServer(Store.H2, Map.of("mqtt-port", Integer.toString(mqttPort)));
        String org = server.givenOrganization("Signal Yard", "owner");
        owner = server.givenUser(org, "admin");
        devices = new MqttDevices(server, owner.token(), tmp);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sharedCertificatesClientIdConflictsAndRefusedDevicesAreFoundFromRealConnections() throws Exception {
        MqttDevices.Enrolled copied = devices.enroll("SN-CX-1");
        MqttDevices.Enrolled contested = devices.enroll("SN-CX-2");
        MqttDevices.Enrolled refused = devices.enroll("SN-CX-3");
        MqttDevices.Enrolled normal = devices.enroll("SN-CX-4");

        // one certificate from 127.0.0.1, then 127.0.0.2, then 127.0.0.1 again: two devices hold it
        assertThat(curlFrom("127.0.0.1", copied)).isNotEqualTo("000");
        assertThat(curlFrom("127.0.0.2", copied)).isNotEqualTo("000");
        Command pub = publishFrom("127.0.0.1", copied, "SN-CX-1", 1);
        assertThat(pub.exitCode()).as("%s", pub).isZero();

        // four connections with one client id, each taking the open session over (MQTT 5.0 §3.1.4)
        List<MqttAsyncClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                clients.add(connect(contested, "SN-CX-2"));
            }
        } finally {
            for (MqttAsyncClient c : clients) {
                if (c.isConnected()) {
                    c.disconnect().waitForCompletion(5_000);
                }
                c.close(true);
            }
        }

        // a quarantined device (its certificate held) still knocking on both doors
        assertThat(publishFrom("127.0.0.1", refused, "SN-CX-3", 1).exitCode()).isZero();
        Api.Response q = server.api()
                .post("/api/v1/devices/SN-CX-3/quarantine", owner.token(), Map.of("reason", "connection check"));
        assertThat(q.status()).as("%s", q).isEqualTo(200);
        curlFrom("127.0.0.1", refused);
        Command knocked = publishFrom("127.0.0.1", refused, "SN-CX-3", 2);
        assertThat(knocked.exitCode()).as("refused: %s", knocked).isNotZero();

        // a device that connects normally, from one address, with its own client id
        assertThat(curlFrom("127.0.0.1", normal)).isNotEqualTo("000");
        assertThat(publishFrom("127.0.0.1", normal, "SN-CX-4", 1).exitCode()).isZero();
        assertThat(publishFrom("127.0.0.1", normal, "SN-CX-4", 2).exitCode()).isZero();

        Api.Response run = server.api().post("/api/v1/fleet-audit/runs", owner.token(), Map.of());
        assertThat(run.status()).as("%s", run).isEqualTo(200);

        assertThat(findings("device.certificate.shared")).singleElement().satisfies(f -> {
            assertThat(f.get("resourceName").asText()).isEqualTo("SN-CX-1");
            assertThat(f.get("actual").asText()).contains("2 addresses", "127.0.0.1", "127.0.0.2");
        });
        assertThat(findings("device.client-id.conflict")).singleElement().satisfies(f -> {
            assertThat(f.get("resourceName").asText()).isEqualTo("SN-CX-2");
            assertThat(f.get("actual").asText()).startsWith("3 takeovers of client id SN-CX-2");
        });
        assertThat(findings("device.revoked.connecting")).singleElement().satisfies(f -> {
            assertThat(f.get("resourceName").asText()).isEqualTo("SN-CX-3");
            assertThat(f.get("actual").asText()).contains("refused connections", "127.0.0.1");
        });
    }

    /** A request to the device port with curl, with the device's certificate, from {@code address}; the status. */
    private String curlFrom(String address, MqttDevices.Enrolled device) {
        Command c = Command.run(
                tmp,
                "curl",
                "-sS",
                "--max-time",
                "10",
                "--interface",
                address,
                "--cacert",
                devices.platformCa().toString(),
                "--cert",
                device.cert().toString(),
                "--key",
                device.key().toString(),
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "https://127.0.0.1:" + server.server().devicePort().orElseThrow() + "/update/assignment");
        return c.out().strip();
    }

    /**
     * mosquitto_pub as the device from {@code address} ({@code -A}), trying again while the TLS handshake fails: the
     * broker reloads its trust store within seconds of a new organization's CA.
     */
    private Command publishFrom(String address, MqttDevices.Enrolled device, String clientId, long seq) {
        List<String> cmd = new ArrayList<>(MqttDevices.publishCommand(
                devices.platformCa(),
                mqttPort,
                device,
                clientId,
                "hallmark/d/" + device.serial() + "/telemetry",
                devices.report(device.serial(), seq)));
        cmd.addAll(1, List.of("-A", address));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Command c = Command.run(tmp, cmd.toArray(String[]::new));
            String text = (c.out() + c.err()).toLowerCase(Locale.ROOT);
            boolean handshake = c.exitCode() != 0
                    && (text.contains("tls")
                            || text.contains("ssl")
                            || text.contains("protocol error")
                            || text.contains("connection"));
            if (!handshake || System.nanoTime() > deadline || device.serial().equals("SN-CX-3") && seq > 1) {
                return c;
            }
            sleepBriefly();
        }
    }

    /** A Paho MQTT v5 client connected with {@code clientId}, without automatic reconnection. */
    private MqttAsyncClient connect(MqttDevices.Enrolled device, String clientId) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient("ssl://127.0.0.1:" + mqttPort, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(PahoDevice.tls(devices.platformCa(), device.cert(), device.key())
                .getSocketFactory());
        options.setAutomaticReconnect(false);
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(20_000);
        assertThat(client.isConnected()).as("connected as %s", clientId).isTrue();
        return client;
    }

    private List<JsonNode> findings(String check) {
        Api.Response r = server.api().get("/api/v1/fleet-audit/findings?check=" + check, owner.token());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.json().get("items").forEach(items::add);
        return items;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
