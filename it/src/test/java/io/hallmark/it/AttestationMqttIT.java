package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import io.hallmark.core.Pem;
import io.hallmark.protocol.attestation.DebugStatus;
import io.hallmark.protocol.attestation.EarClaims;
import io.hallmark.protocol.attestation.EvidenceWriter;
import io.hallmark.protocol.attestation.Measurement;
import io.hallmark.protocol.attestation.Tier;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Command;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote attestation over MQTT with a client no one here wrote: {@code mosquitto_rr} (MQTT 5 request/response over
 * TLS with the device's operational certificate enrolled by openssl and curl) asks for a nonce and sends evidence; the
 * answers come on the response topic with the correlation data, and the appraisal is the device port's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttestationMqttIT {
    private TestServer server;
    private Actor ownerAdmin;
    private MqttDevices devices;
    private int port;

    @TempDir
    static Path tmp;

    /** One answer as mosquitto_rr prints it with {@code -F "%C|%D|%P|%p"}. */
    private record Answer(String contentType, String correlation, String properties, String payload) {}

    @BeforeAll
    void start() throws IOException {
        Assumptions.assumeTrue(Command.onPath("mosquitto_rr"), "mosquitto-clients is not installed: skipped");
        port = MqttIT.freePort();
        server = TestServer.givenServer(Store.H2, Map.of("mqtt-port", Integer.toString(port)));
        ownerAdmin = server.givenUser(server.givenOrganization("Attesting Pumps", "owner"), "admin");
        devices = new MqttDevices(server, ownerAdmin.token(), tmp);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDeviceGetsANonceAndItsResultOverMqttWithTheCorrelationData() throws Exception {
        MqttDevices.Enrolled device = devices.enroll("AM-1");
        String base = "hallmark/d/AM-1/attest/";

        Answer nonce = request(device, base + "nonce/req", base + "nonce", "n-1", List.of("-n"));

        assertThat(nonce.contentType()).isEqualTo("application/json");
        assertThat(nonce.correlation()).isEqualTo("n-1");
        assertThat(nonce.properties()).contains("status:200");
        JsonNode n = Api.JSON.readTree(nonce.payload());
        assertThat(n.get("expiresIn").asInt()).isPositive();
        String token = evidence(device, n.get("nonce").asText());

        Answer result = request(device, base + "evidence", base + "result", "e-1", List.of("-m", token));

        assertThat(result.contentType()).as(result.payload()).isEqualTo(EarClaims.MEDIA_TYPE);
        assertThat(result.correlation()).isEqualTo("e-1");
        ECKey jwk =
                ECKey.parse(server.api().get("/api/v1/attestation/key", null).body());
        JWSObject ear = JWSObject.parse(result.payload());
        assertThat(ear.verify(new ECDSAVerifier(jwk))).isTrue();
        EarClaims.Result claims = EarClaims.read(ear.getPayload().toBytes());
        assertThat(claims.serial()).isEqualTo("AM-1");
        // the device has no product, so nothing to compare its measurements with: a warning, as over HTTPS
        assertThat(claims.status()).isEqualTo(Tier.WARNING);
        assertThat(claims.findings()).extracting(f -> f.id()).containsExactly("attestation.reference.absent");
        assertThat(server.api()
                        .get("/api/v1/devices/AM-1/attestation", ownerAdmin.token())
                        .json()
                        .get("integrity")
                        .asText())
                .isEqualTo("warning");

        // the same evidence again: refused as a replay, answered with a problem document, audited
        Answer replay = request(device, base + "evidence", base + "result", "e-2", List.of("-m", token));

        assertThat(replay.contentType()).isEqualTo("application/problem+json");
        assertThat(replay.correlation()).isEqualTo("e-2");
        assertThat(replay.properties()).contains("status:400");
        assertThat(Api.JSON.readTree(replay.payload()).get("detail").asText()).contains("attestation.nonce.replayed");
        assertThat(server.api()
                        .get("/api/v1/audit/entries?action=attestation.evidence&limit=10", ownerAdmin.token())
                        .body())
                .contains("attestation.nonce.replayed");
    }

    @Test
    void aResponseTopicOutsideTheDevicesOwnIsNotUsed() throws Exception {
        MqttDevices.Enrolled device = devices.enroll("AM-2");
        devices.enroll("AM-3");
        // the first mosquitto_rr call waits until the broker trusts the new organization's CA
        request(device, "hallmark/d/AM-2/attest/nonce/req", "hallmark/d/AM-2/attest/nonce", "warm-up", List.of("-n"));
        MqttAsyncClient client = new MqttAsyncClient("ssl://127.0.0.1:" + port, "AM-2-paho", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(PahoDevice.tls(devices.platformCa(), device.cert(), device.key())
                .getSocketFactory());
        client.connect(options).waitForCompletion(20_000);
        BlockingQueue<String[]> answers = new LinkedBlockingQueue<>();
        try {
            client.setCallback(new MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {}

                @Override
                public void mqttErrorOccurred(MqttException e) {}

                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    answers.add(new String[] {
                        topic,
                        new String(m.getProperties().getCorrelationData(), StandardCharsets.UTF_8),
                        new String(m.getPayload(), StandardCharsets.UTF_8)
                    });
                }

                @Override
                public void deliveryComplete(IMqttToken token) {}

                @Override
                public void connectComplete(boolean reconnect, String uri) {}

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {}
            });
            client.subscribe("hallmark/d/AM-2/attest/#", 1).waitForCompletion(10_000);
            MqttMessage ask = new MqttMessage(new byte[0]);
            ask.setQos(1);
            MqttProperties p = new MqttProperties();
            // AM-2 names AM-3's topic: the answer goes to AM-2's own default topic all the same
            p.setResponseTopic("hallmark/d/AM-3/attest/nonce");
            p.setCorrelationData("c-9".getBytes(StandardCharsets.UTF_8));
            ask.setProperties(p);

            client.publish("hallmark/d/AM-2/attest/nonce/req", ask).waitForCompletion(20_000);
            String[] got = answers.poll(20, TimeUnit.SECONDS);

            assertThat(got).as("an answer").isNotNull();
            assertThat(got[0]).isEqualTo("hallmark/d/AM-2/attest/nonce");
            assertThat(got[1]).isEqualTo("c-9");
            assertThat(Api.JSON.readTree(got[2]).has("nonce")).isTrue();
        } finally {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    /** mosquitto_rr as the device: publishes to {@code topic} naming {@code responseTopic}, prints the answer. */
    private Answer request(
            MqttDevices.Enrolled device, String topic, String responseTopic, String correlation, List<String> body) {
        List<String> args = new ArrayList<>(rr(device, topic, responseTopic));
        args.addAll(List.of("-D", "publish", "correlation-data", correlation));
        args.addAll(body);
        return answer(untilConnected(args));
    }

    private List<String> rr(MqttDevices.Enrolled device, String topic, String responseTopic) {
        return List.of(
                "mosquitto_rr",
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
                "-i",
                device.serial() + "-rr",
                "-q",
                "1",
                "-W",
                "15",
                "-t",
                topic,
                "-e",
                responseTopic,
                "-N",
                "-F",
                "%C|%D|%P|%p");
    }

    private static Answer answer(Command c) {
        assertThat(c.exitCode()).as("%s", c).isZero();
        String[] parts = c.out().split("\\|", 4);
        assertThat(parts).as("%s", c).hasSize(4);
        return new Answer(parts[0], parts[1], parts[2], parts[3]);
    }

    /**
     * Runs mosquitto_rr, again while the TLS handshake fails: the broker reloads its trust store within seconds of a
     * new organization's CA (docs/protocol/telemetry.md).
     */
    private static Command untilConnected(List<String> args) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Command c = Command.run(tmp, args.toArray(String[]::new));
            String text = (c.out() + c.err()).toLowerCase(java.util.Locale.ROOT);
            boolean handshake = c.exitCode() != 0
                    && (text.contains("tls")
                            || text.contains("ssl")
                            || text.contains("protocol error")
                            || text.contains("connection"));
            if (!handshake || System.nanoTime() > deadline) {
                return c;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return c;
            }
        }
    }

    /** Evidence of the device, signed with its operational key, made as a C attester would. */
    private String evidence(MqttDevices.Enrolled device, String nonce) throws Exception {
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(device.cert())));
        PrivateKey key = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Pem.decode("PRIVATE KEY", Files.readString(device.key()))));
        List<Measurement> measurements = new ArrayList<>();
        for (String component : List.of("bootloader", "kernel", "application")) {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(("pump " + component).getBytes(StandardCharsets.UTF_8));
            measurements.add(new Measurement(component, "sha-256", digest));
        }
        EvidenceWriter.Claims claims = new EvidenceWriter.Claims(
                nonce,
                device.serial(),
                Optional.empty(),
                "pump-os",
                "1.0.0",
                DebugStatus.DISABLED_PERMANENTLY,
                true,
                measurements,
                server.clock().instant().getEpochSecond());
        return EvidenceWriter.sign(EvidenceWriter.claims(claims), key, cert);
    }
}
