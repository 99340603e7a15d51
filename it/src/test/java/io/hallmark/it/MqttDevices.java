package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.testkit.Api;
import io.hallmark.testkit.Command;
import io.hallmark.testkit.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Real devices for the MQTT tests: openssl makes the key and CSR, curl enrolls over EST with the one-time secret, and
 * the device gets its operational certificate (LDevID) and the owner's CA chain, as {@code docs/identity.md} shows.
 */
final class MqttDevices {
    /** A device's files. */
    record Enrolled(String serial, Path cert, Path key) {}

    private final TestServer server;
    private final String ownerToken;
    private final Path tmp;
    private final Path platformCa;
    private final String deviceBase;
    private final OpensslEst est;

    MqttDevices(TestServer server, String ownerToken, Path tmp) {
        this.server = server;
        this.ownerToken = ownerToken;
        this.tmp = tmp;
        this.platformCa = server.dataDir().resolve("trust/platform-ca.pem");
        this.deviceBase = "https://127.0.0.1:" + server.server().devicePort().orElseThrow();
        this.est = new OpensslEst(server, tmp);
    }

    Path platformCa() {
        return platformCa;
    }

    /** Adds the device, enrolls it over EST and returns its certificate and key (it is active then). */
    Enrolled enroll(String serial) {
        Api.Response added = server.api().post("/api/v1/devices", ownerToken, Map.of("serial", serial));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        OpensslEst.Enrolled e =
                est.enroll(serial, added.json().get("enrollmentSecret").asText());
        return new Enrolled(serial, e.cert(), e.key());
    }

    /** The owner's CA chain devices are issued from (EST cacerts), as PEM. */
    Path ownerChain(String ownerId) {
        Path answer = tmp.resolve("cacerts.b64");
        Command cacerts = Command.run(
                tmp,
                "curl",
                "-sS",
                "--max-time",
                "10",
                "--cacert",
                platformCa.toString(),
                "-o",
                answer.toString(),
                "-w",
                "%{http_code}",
                deviceBase + "/.well-known/est/" + ownerId + "/cacerts");
        assertThat(cacerts.out()).as("%s", cacerts).isEqualTo("200");
        try {
            return est.certsFromPkcs7(answer, "owner-chain.pem");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A report of {@code serial} with sequence number {@code seq}, as a file. */
    Path report(String serial, long seq) {
        String json = "{\"v\":1,\"dev\":\"" + serial + "\",\"seq\":" + seq
                + ",\"t\":1795000000,\"dur\":60,\"bo\":52000,\"bi\":9100,"
                + "\"po\":180,\"pi\":140,\"ca\":3,\"ce\":3,\"dst\":[{\"h\":\"api.example.com\",\"p\":443,\"pr\":\"tcp\",\"n\":3}],"
                + "\"lsn\":[{\"p\":443,\"pr\":\"tcp\"}],\"af\":0,\"cpu\":12,\"mem\":20480,\"fw\":\"1.4.2\",\"up\":86400,\"ev\":[]}";
        try {
            return Files.writeString(tmp.resolve(serial + "-" + seq + ".json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code mosquitto_pub} as the device, MQTT 5 over TLS with its certificate, QoS 1 (waits for the PUBACK). */
    static Command publish(Path tmp, Path ca, int port, Enrolled device, String clientId, String topic, Path file) {
        return Command.run(
                tmp, publishCommand(ca, port, device, clientId, topic, file).toArray(String[]::new));
    }

    static List<String> publishCommand(Path ca, int port, Enrolled device, String clientId, String topic, Path file) {
        return List.of(
                "mosquitto_pub",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-V",
                "mqttv5",
                "--cafile",
                ca.toString(),
                "--cert",
                device.cert().toString(),
                "--key",
                device.key().toString(),
                "-i",
                clientId,
                "-q",
                "1",
                "-t",
                topic,
                "-f",
                file.toString());
    }
}
