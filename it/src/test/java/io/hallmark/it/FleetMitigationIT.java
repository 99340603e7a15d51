package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.hallmark.agent.sim.SimulatedDevice;
import io.hallmark.protocol.telemetry.TelemetryCodec;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Command;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet audit's {@code rollout} and {@code notify} mitigations end to end: devices enrolled with openssl and curl
 * over EST report telemetry with curl; a policy set through the API makes a run act on the findings it opens. The
 * rollout is checked where it takes effect (the affected device fetches its signed assignment of the security release
 * over mutual TLS with curl), the notification where it lands (an HTTPS webhook receiver on this machine), and both in
 * the audit log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetMitigationIT {
    private static final long REPORT_START = 1_795_600_800L;

    private TestServer server;
    private HttpsServer receiver;
    private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws Exception {
        // a grace period of one day, so that a clock moved two days makes devices behind the security release
        server = TestServer.givenServer(Store.H2, Map.of("fleet-audit.firmware-behind-days", "1"));
        receiver = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setHttpsConfigurator(new HttpsConfigurator(WebhookReceiverTls.trustedBy(server, Duration.ofDays(30))));
        receiver.createContext("/hook", ex -> {
            received.add(Api.JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
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

    @Test
    void aDeviceBehindTheSecurityReleaseGetsItRolledOutByPolicy() throws IOException {
        String maker = server.givenOrganization("Lantern Makers", "manufacturer");
        Actor releaser = server.givenUser(maker, "release-manager");
        String ownerOrg = server.givenOrganization("Lantern Street", "owner");
        Actor owner = server.givenUser(ownerOrg, "admin");
        Api.Response product =
                server.api().post("/api/v1/products", releaser.token(), Map.of("model", "lamp-1", "name", "Lamp 1"));
        assertThat(product.status()).as("%s", product).isEqualTo(201);
        String productId = product.json().get("id").asText();

        OpensslEst est = new OpensslEst(server, Files.createDirectories(tmp.resolve("lantern")));
        OpensslEst.Enrolled behind = est.enroll("SN-LM-1", secret(owner, "SN-LM-1", productId));
        // the simulated agent reports firmware 2.4.1
        post(est, behind, new SimulatedDevice("SN-LM-1", 1));
        String security = publish(releaser, "lamp-1", "3.0.0", true);
        Api.Response policy = setPolicy(owner, "device.firmware.behind", "rollout");
        assertThat(policy.status()).as("%s", policy).isEqualTo(200);
        assertThat(rollouts(owner)).as("no rollout before the run").isEmpty();

        server.clock().advance(Duration.ofDays(2));
        run(owner);

        JsonNode finding = findings(owner, "device.firmware.behind").stream()
                .filter(f -> f.get("resourceName").asText().equals("SN-LM-1"))
                .findFirst()
                .orElseThrow();
        assertThat(finding.get("actual").asText()).contains("runs 2.4.1");
        List<JsonNode> made = rollouts(owner);
        assertThat(made).singleElement().satisfies(r -> {
            assertThat(r.get("release").asText()).isEqualTo(security);
            assertThat(r.get("security").asBoolean()).isTrue();
            assertThat(r.get("waves")).hasSize(1);
            assertThat(r.get("waves").get(0).asText()).isEqualTo("100%");
            assertThat(r.get("total").asLong()).isEqualTo(1);
            assertThat(r.get("released").asLong()).isEqualTo(1);
        });

        // the effect on the device: its signed assignment of the security release, fetched over mutual TLS
        Path answer = tmp.resolve("assignment.json");
        Command fetch = Command.run(
                tmp,
                "curl",
                "-sS",
                "--max-time",
                "10",
                "--cacert",
                est.platformCa().toString(),
                "--cert",
                behind.cert().toString(),
                "--key",
                behind.key().toString(),
                "-o",
                answer.toString(),
                "-w",
                "%{http_code}",
                est.deviceBase() + "/update/assignment");
        assertThat(fetch.out()).as("%s", fetch).isEqualTo("200");
        String jws =
                Api.JSON.readTree(Files.readString(answer)).get("assignment").asText();
        JsonNode claims = Api.JSON.readTree(Base64.getUrlDecoder().decode(jws.split("\\.")[1]));
        assertThat(claims.get("release").asText()).isEqualTo(security);
        assertThat(claims.get("rollout").asText())
                .isEqualTo(made.get(0).get("id").asText());
        assertThat(claims.get("version").asText()).isEqualTo("3.0.0");
        assertThat(claims.get("security").asBoolean()).isTrue();

        assertThat(auditLog(owner, "fleet-audit.mitigate")).contains("1 rollouts");
        assertThat(auditLog(owner, "rollout.create")).contains("\"actor\":\"system\"");

        // seen again, the finding is not new: no second rollout
        run(owner);
        assertThat(rollouts(owner)).hasSize(1);
    }

    @Test
    void aDefaultPasswordFindingIsDeliveredToTheOrganizationsWebhookByPolicy() throws Exception {
        String ownerOrg = server.givenOrganization("Harbor Lights", "owner");
        Actor owner = server.givenUser(ownerOrg, "admin");
        Api.Response hook = server.api()
                .post(
                        "/api/v1/webhooks",
                        server.adminToken(),
                        Map.of(
                                "org",
                                ownerOrg,
                                "url",
                                "https://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                                "events",
                                List.of("fleet-audit."),
                                "allowPrivateNetwork",
                                true));
        assertThat(hook.status()).as("%s", hook).isEqualTo(201);
        OpensslEst est = new OpensslEst(server, Files.createDirectories(tmp.resolve("harbor")));
        OpensslEst.Enrolled weak = est.enroll("SN-HL-1", secret(owner, "SN-HL-1", null));
        OpensslEst.Enrolled strong = est.enroll("SN-HL-2", secret(owner, "SN-HL-2", null));
        SimulatedDevice weakSim = new SimulatedDevice("SN-HL-1", 1);
        weakSim.useDefaultPassword();
        post(est, weak, weakSim);
        post(est, strong, new SimulatedDevice("SN-HL-2", 2));
        assertThat(setPolicy(owner, "device.credentials.default", "notify").status())
                .isEqualTo(200);

        run(owner);

        JsonNode delivered = received.poll(30, TimeUnit.SECONDS);
        assertThat(delivered).as("a delivery").isNotNull();
        assertThat(delivered.get("type").asText()).isEqualTo("fleet-audit.finding");
        assertThat(delivered.at("/data/org").asText()).isEqualTo(ownerOrg);
        assertThat(delivered.at("/data/message").asText())
                .startsWith("critical device.credentials.default on device SN-HL-1")
                .contains("mirai-01")
                .doesNotContain("SN-HL-2");
        assertThat(received.poll(2, TimeUnit.SECONDS))
                .as("one finding, one notification")
                .isNull();
        assertThat(auditLog(owner, "fleet-audit.mitigate")).contains("1 notified");
        assertThat(device(owner, "SN-HL-1").get("state").asText())
                .as("notify only: not quarantined")
                .isEqualTo("active");
    }

    private String publish(Actor releaser, String model, String version, boolean security) {
        Api.Response up = server.api()
                .send(
                        "POST",
                        "/api/v1/releases/uploads",
                        releaser.token(),
                        ("lamp firmware " + version).getBytes(StandardCharsets.UTF_8),
                        "application/octet-stream");
        assertThat(up.status()).as("%s", up).isEqualTo(201);
        Api.Response r = server.api()
                .post(
                        "/api/v1/releases",
                        releaser.token(),
                        Map.of(
                                "product",
                                model,
                                "version",
                                version,
                                "image",
                                up.json().get("sha256").asText(),
                                "imageName",
                                "lamp.img",
                                "security",
                                security));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private Api.Response setPolicy(Actor owner, String match, String action) {
        return server.api()
                .send(
                        "PUT",
                        "/api/v1/fleet-audit/policy",
                        owner.token(),
                        Map.of("rules", List.of(Map.of("match", match, "actions", List.of(action)))),
                        "application/json");
    }

    private void run(Actor owner) {
        Api.Response run = server.api().post("/api/v1/fleet-audit/runs", owner.token(), Map.of());
        assertThat(run.status()).as("%s", run).isEqualTo(200);
    }

    private String secret(Actor owner, String serial, String productId) {
        Map<String, Object> body =
                productId == null ? Map.of("serial", serial) : Map.of("serial", serial, "product", productId);
        Api.Response added = server.api().post("/api/v1/devices", owner.token(), body);
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        return added.json().get("enrollmentSecret").asText();
    }

    private void post(OpensslEst est, OpensslEst.Enrolled device, SimulatedDevice sim) {
        String status = est.postTelemetry(
                device, new String(TelemetryCodec.encode(sim.next(REPORT_START, 60)), StandardCharsets.UTF_8));
        assertThat(status).as("telemetry of %s", device.serial()).isEqualTo("202");
    }

    private List<JsonNode> rollouts(Actor owner) {
        Api.Response r = server.api().get("/api/v1/rollouts", owner.token());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.json().get("items").forEach(items::add);
        return items;
    }

    private List<JsonNode> findings(Actor owner, String check) {
        Api.Response r = server.api().get("/api/v1/fleet-audit/findings?check=" + check, owner.token());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.json().get("items").forEach(items::add);
        return items;
    }

    private JsonNode device(Actor owner, String serial) {
        Api.Response r = server.api().get("/api/v1/devices/" + serial, owner.token());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().get("device");
    }

    private String auditLog(Actor owner, String action) {
        Api.Response r = server.api().get("/api/v1/audit/entries?action=" + action, owner.token());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.body();
    }
}
