package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust labels end to end: a manufacturer requests a label with the example camera profile, an admin issues it, anyone
 * sees its status at {@code /verify/{id}} (JSON, HTML, QR code), the CLI verifies it offline with the label public
 * key, a revocation shows at once; levels above the one reached, and L3 without an assessor's approval, are refused;
 * the end of the support period suspends the label, audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelIT {
    private static final Path CAMERA = Path.of("..", "examples", "camera.yaml");

    private TestServer server;
    private Actor maker;
    private Actor officer;
    private String profile;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.givenServer(Store.H2);
        String makerOrg = server.givenOrganization("Lumen Home Devices", "manufacturer");
        maker = server.givenUser(makerOrg, "admin");
        officer = server.givenUser(makerOrg, "security-officer");
        profile = Files.readString(CAMERA, StandardCharsets.UTF_8);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String givenProduct(String model, LocalDate supportUntil) {
        Api.Response p = server.api()
                .post(
                        "/api/v1/products",
                        maker.token(),
                        Map.of("model", model, "name", "Lumen Cam 2", "supportUntil", supportUntil.toString()));
        assertThat(p.status()).as("%s", p).isEqualTo(201);
        return p.json().get("id").asText();
    }

    private JsonNode givenRequest(String product, String level) {
        Api.Response r = server.api()
                .post("/api/v1/labels", maker.token(), Map.of("product", product, "level", level, "profile", profile));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }

    private JsonNode verify(String id) {
        Api.Response r = server.api().getAccepting("/verify/" + id, "application/json");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        return r.json();
    }

    @Test
    void aRequestedLabelIsIssuedVerifiedEverywhereAndRevoked() throws IOException {
        String product = givenProduct("lc-2", LocalDate.of(2030, 3, 31));
        JsonNode requested = givenRequest(product, "L1");
        String id = requested.get("id").asText();
        assertThat(requested.get("state").asText()).isEqualTo("requested");
        assertThat(requested.get("reached").asText()).isEqualTo("L1");
        assertThat(requested.get("profileSha256").asText()).hasSize(64);
        assertThat(server.api()
                        .getAccepting("/verify/" + id, "application/json")
                        .status())
                .as("not yet issued")
                .isEqualTo(404);

        Api.Response issued = server.api().post("/api/v1/labels/" + id + "/issue", maker.token(), Map.of());
        assertThat(issued.status()).as("%s", issued).isEqualTo(200);
        assertThat(issued.json().get("state").asText()).isEqualTo("issued");
        String jws = issued.json().get("jws").asText();
        assertThat(jws.split("\\.")).hasSize(3);
        assertThat(server.api()
                        .post("/api/v1/labels/" + id + "/issue", maker.token(), Map.of())
                        .status())
                .as("issued once")
                .isEqualTo(400);

        JsonNode status = verify(id);
        assertThat(status.get("status").asText()).isEqualTo("valid");
        assertThat(status.get("level").asText()).isEqualTo("L1");
        assertThat(status.get("signatureValid").asBoolean()).isTrue();
        assertThat(status.get("reasons")).isEmpty();
        assertThat(status.get("statusUrl").asText()).endsWith("/verify/" + id);

        Api.Response html = server.api().getAccepting("/verify/" + id, "text/html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.header("Content-Type")).startsWith("text/html");
        assertThat(html.body()).contains("L1", "valid", "Lumen Home Devices").doesNotContain("<script");
        Api.Response svg = server.api().getAccepting("/verify/" + id + "/qr.svg", null);
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.header("Content-Type")).startsWith("image/svg+xml");
        assertThat(svg.body()).startsWith("<svg").contains("<path");
        Api.Response card = server.api().getAccepting("/verify/" + id + "/label.svg", null);
        assertThat(card.status()).isEqualTo(200);
        assertThat(card.body())
                .startsWith("<svg")
                .contains("IoT TRUST LABEL", ">L1<", "Self-assessment", "VALID", "Lumen Home Devices");
        Api.Response png = server.api().getAccepting("/verify/" + id + "/qr.png", null);
        assertThat(png.status()).isEqualTo(200);
        assertThat(png.header("Content-Type")).startsWith("image/png");

        // offline verification with the published key, and a forged label refused
        Api.Response key = server.api().getAccepting("/api/v1/labels/public-key", null);
        assertThat(key.status()).isEqualTo(200);
        assertThat(key.body()).startsWith("-----BEGIN PUBLIC KEY-----");
        Path keyFile = Files.writeString(tmp.resolve("label-key.pem"), key.body());
        Path label = Files.writeString(tmp.resolve("label.jws"), jws + "\n");
        CliRun ok = cli(Map.of(), "label", "verify", label.toString(), "--key", keyFile.toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("signature: valid", "L1", "Lumen Cam 2", "/verify/" + id);
        assertThat(ok.out()).contains("more than 5% of the fleet", "unfixed past 30 days");
        String[] parts = jws.split("\\.");
        Path forged = Files.writeString(
                tmp.resolve("forged.jws"),
                parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2]);
        CliRun bad = cli(Map.of(), "label", "verify", forged.toString(), "--key", keyFile.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out()).contains("INVALID");

        Api.Response revoked = server.api()
                .post("/api/v1/labels/" + id + "/revoke", officer.token(), Map.of("reason", "firmware key leaked"));
        assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);
        JsonNode after = verify(id);
        assertThat(after.get("status").asText()).isEqualTo("revoked");
        assertThat(after.get("reasons").get(0).get("id").asText()).isEqualTo("label.revoked");
        assertThat(after.get("reasons").get(0).get("message").asText()).contains("firmware key leaked");
        assertThat(server.api().getAccepting("/verify/" + id, null).body()).contains("revoked", "firmware key leaked");
        assertThat(audited("label.revoke", id)).isTrue();
        assertThat(audited("label.issue", id)).isTrue();
    }

    @Test
    void aLevelAboveTheOneReachedIsRefusedAndL3NeedsAnAssessorsApproval() {
        String product = givenProduct("lc-3", LocalDate.of(2030, 3, 31));
        String l2 = givenRequest(product, "L2").get("id").asText();
        Api.Response refused = server.api().post("/api/v1/labels/" + l2 + "/issue", maker.token(), Map.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asText()).contains("reached L1");

        String l3 = givenRequest(product, "L3").get("id").asText();
        Api.Response unreviewed = server.api().post("/api/v1/labels/" + l3 + "/issue", maker.token(), Map.of());
        assertThat(unreviewed.status()).isEqualTo(400);
        assertThat(unreviewed.json().get("detail").asText()).contains("approved by an assessor");

        // an assessor of the manufacturer's own (non-assessor) organization may not review
        Actor inHouse = server.givenUser(maker.orgId(), "assessor");
        Map<String, String> approve = Map.of("decision", "approve", "reason", "design and evidence reviewed");
        assertThat(server.api()
                        .post("/api/v1/labels/" + l3 + "/review", inHouse.token(), approve)
                        .status())
                .isEqualTo(403);
        Actor assessor = server.givenUser(server.givenOrganization("Test Lab", "assessor"), "assessor");
        Api.Response awaiting = server.api().get("/api/v1/labels?awaiting=review", assessor.token());
        assertThat(awaiting.status()).as("%s", awaiting).isEqualTo(200);
        assertThat(awaiting.body()).contains(l3);
        Api.Response reviewed = server.api().post("/api/v1/labels/" + l3 + "/review", assessor.token(), approve);
        assertThat(reviewed.status()).as("%s", reviewed).isEqualTo(200);
        assertThat(reviewed.json().get("state").asText()).isEqualTo("approved");
        assertThat(reviewed.json().get("reviewer").asText()).isEqualTo("Test Lab");

        Api.Response stillBelow = server.api().post("/api/v1/labels/" + l3 + "/issue", maker.token(), Map.of());
        assertThat(stillBelow.status()).isEqualTo(400);
        assertThat(stillBelow.json().get("detail").asText()).contains("reached L1");
        assertThat(server.api().get("/api/v1/labels/" + l3, assessor.token()).status())
                .isEqualTo(200);
    }

    @Test
    void theEndOfTheSupportPeriodSuspendsTheLabelAndTheChangeIsAudited() {
        LocalDate today = LocalDate.ofInstant(server.clock().instant(), ZoneOffset.UTC);
        String product = givenProduct("lc-4", today.plusDays(1));
        String id = givenRequest(product, "L1").get("id").asText();
        assertThat(server.api()
                        .post("/api/v1/labels/" + id + "/issue", maker.token(), Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(verify(id).get("status").asText()).isEqualTo("valid");

        server.clock().advance(Duration.ofDays(3));
        JsonNode suspended = verify(id);
        assertThat(suspended.get("status").asText()).isEqualTo("suspended");
        assertThat(suspended.get("reasons").get(0).get("id").asText()).isEqualTo("label.support-ended");
        assertThat(audited("label.status.change", id)).isTrue();
    }

    @Test
    void theCliRequestsIssuesAndVerifiesALabelFetchingTheKeyWhenNoneIsGiven() throws IOException {
        givenProduct("lc-5", LocalDate.of(2030, 3, 31));
        Map<String, String> env = CliRun.env(server, maker.token(), "maker.token");
        CliRun requested = cli(
                env, "label", "request", "--product", "lc-5", "--level", "1", "--profile", CAMERA.toString(), "--json");
        assertThat(requested.exitCode()).as(requested.err()).isZero();
        String id = Api.JSON.readTree(requested.out()).get("id").asText();
        Path file = tmp.resolve("cli-label.jws");
        CliRun issued = cli(env, "label", "issue", id, "--out", file.toString());
        assertThat(issued.exitCode()).as(issued.err()).isZero();
        assertThat(issued.out()).contains(id, "issued");
        CliRun listed = cli(env, "label", "list");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(id);
        CliRun verified = cli(env, "label", "verify", file.toString());
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("signature: valid", "level:        L1");
        CliRun revoked = cli(env, "label", "revoke", id, "--reason", "recalled");
        assertThat(revoked.exitCode()).as(revoked.err()).isZero();
        assertThat(verify(id).get("status").asText()).isEqualTo("revoked");
    }

    private boolean audited(String action, String labelId) {
        Api.Response r = server.api().get("/api/v1/audit/entries?limit=500&action=" + action, server.adminToken());
        assertThat(r.status()).isEqualTo(200);
        for (JsonNode e : r.json().get("items")) {
            if (labelId.equals(e.path("target").asText())) {
                return true;
            }
        }
        return false;
    }

    private static CliRun cli(Map<String, String> env, String... args) {
        return CliRun.run(env, args);
    }
}
