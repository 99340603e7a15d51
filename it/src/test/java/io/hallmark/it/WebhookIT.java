package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Webhooks end to end: an HTTPS receiver on this machine (its certificate trusted through the data directory's
 * {@code trust/webhooks/}) gets an organization's events signed per the Standard Webhooks specification, and the
 * signature checks with the secret shown once; private receivers need a platform administrator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIT {
    /** A request the receiver got. */
    private record Received(Map<String, List<String>> headers, byte[] body) {}

    private TestServer server;
    private HttpsServer receiver;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private String orgId;
    private TestServer.Actor orgAdmin;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.givenServer(Store.H2);
        SSLContext tls = WebhookReceiverTls.trustedBy(server, java.time.Duration.ofHours(1));
        receiver = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setHttpsConfigurator(new HttpsConfigurator(tls));
        receiver.createContext("/hook", ex -> {
            received.add(new Received(
                    Map.copyOf(ex.getRequestHeaders()), ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        orgId = server.givenOrganization("Hook Owner", "owner");
        orgAdmin = server.givenUser(orgId, "admin");
    }

    @AfterAll
    void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    private String url() {
        return "https://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void anOrganizationsEventReachesItsReceiverSignedAndTheSignatureChecksWithTheSecretShownOnce() throws Exception {
        Api.Response made = server.api()
                .post(
                        "/api/v1/webhooks",
                        server.adminToken(),
                        Map.of("org", orgId, "url", url(), "events", List.of("device."), "allowPrivateNetwork", true));
        assertThat(made.status()).as("%s", made).isEqualTo(201);
        String secret = made.json().get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        JsonNode listed = server.api()
                .get("/api/v1/webhooks?org=" + orgId, orgAdmin.token())
                .json();
        assertThat(listed.get("items")).hasSize(1);
        assertThat(listed.get("items").get(0).get("secret").isNull())
                .as("never shown again")
                .isTrue();

        assertThat(server.api()
                        .post("/api/v1/devices", orgAdmin.token(), Map.of("serial", "HOOK-1"))
                        .status())
                .isEqualTo(201);

        Received r = received.poll(30, TimeUnit.SECONDS);
        assertThat(r).as("a delivery").isNotNull();
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("type").asText()).isEqualTo("device.add");
        assertThat(body.at("/data/org").asText()).isEqualTo(orgId);
        assertThat(body.at("/data/message").asText()).contains("HOOK-1");
        String id = r.headers().get("Webhook-id").get(0);
        String timestamp = r.headers().get("Webhook-timestamp").get(0);
        String signature = r.headers().get("Webhook-signature").get(0);
        // Standard Webhooks: v1,base64(HMAC-SHA256(secret, id.timestamp.body)), the secret being whsec_'s base64
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(r.body()));
        assertThat(MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII)))
                .as("signature %s", signature)
                .isTrue();

        String hookId = made.json().get("id").asText();
        assertThat(server.api()
                        .delete("/api/v1/webhooks/" + hookId, orgAdmin.token())
                        .status())
                .isEqualTo(204);
        assertThat(server.api()
                        .post("/api/v1/devices", orgAdmin.token(), Map.of("serial", "HOOK-2"))
                        .status())
                .isEqualTo(201);
        assertThat(received.poll(2, TimeUnit.SECONDS))
                .as("nothing after removal")
                .isNull();
        assertThat(server.api()
                        .get("/api/v1/audit/entries?action=webhook.create", server.adminToken())
                        .json()
                        .get("items"))
                .isNotEmpty();
    }

    @Test
    void privateOrPlainReceiversAreRefusedWithAReason() {
        Api.Response plain =
                server.api().post("/api/v1/webhooks", orgAdmin.token(), Map.of("url", "http://siem.example.com/hook"));
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.json().get("detail").asText()).contains("https");
        Api.Response loopback = server.api().post("/api/v1/webhooks", orgAdmin.token(), Map.of("url", url()));
        assertThat(loopback.status()).isEqualTo(400);
        assertThat(loopback.json().get("detail").asText()).contains("private address");
        Api.Response notAdmin = server.api()
                .post("/api/v1/webhooks", orgAdmin.token(), Map.of("url", url(), "allowPrivateNetwork", true));
        assertThat(notAdmin.status()).isEqualTo(403);
        Api.Response badEvent = server.api()
                .post(
                        "/api/v1/webhooks",
                        orgAdmin.token(),
                        Map.of("url", "https://siem.example.com/hook", "events", List.of("Not An Event")));
        assertThat(badEvent.status()).isEqualTo(400);
    }
}
