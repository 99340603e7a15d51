package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Releases refuse what they should, with a problem document and nothing published: bad versions, names, digests,
 * measurements and SBOMs, files not uploaded, a version given twice, another manufacturer's product, a second
 * revocation; and every publish and revoke is in the audit log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseApiIT {
    private TestServer server;
    private Actor releaser;
    private Actor rival;
    private Actor owner;
    private String image;
    private String productId;

    @BeforeAll
    void start() {
        server = TestServer.givenServer(Store.H2);
        String org = server.givenOrganization("Strict Devices", "manufacturer");
        releaser = server.givenUser(org, "release-manager");
        rival = server.givenUser(server.givenOrganization("Rival Devices", "manufacturer"), "release-manager");
        owner = server.givenUser(server.givenOrganization("Some Owner", "owner"), "admin");
        JsonNode created = ReleaseFixtures.product(server.api(), releaser.token(), "s-1", "S 1");
        productId = created.get("id").asText();
        image = upload(releaser, "strict firmware".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String upload(Actor a, byte[] bytes) {
        Api.Response r =
                server.api().send("POST", "/api/v1/releases/uploads", a.token(), bytes, "application/octet-stream");
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().get("sha256").asText();
    }

    private Api.Response publish(Actor a, Map<String, Object> changes) {
        Map<String, Object> body =
                new HashMap<>(Map.of("product", productId, "version", "1.0.0", "image", image, "imageName", "s.bin"));
        body.putAll(changes);
        body.values().removeIf(v -> v.equals("-"));
        return server.api().post("/api/v1/releases", a.token(), body);
    }

    private void assertRefused(Api.Response r, int status, String detail) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asText()).contains(detail);
    }

    @Test
    void badValuesAreRefusedAndNothingIsPublished() {
        assertRefused(publish(releaser, Map.of("version", "1.0 beta")), 400, "version");
        assertRefused(publish(releaser, Map.of("version", "x".repeat(65))), 400, "version");
        assertRefused(publish(releaser, Map.of("version", ".1")), 400, "not starting with '.'");
        assertRefused(publish(releaser, Map.of("imageName", "../etc/passwd")), 400, "imageName");
        assertRefused(publish(releaser, Map.of("image", "00".repeat(32))), 400, "not uploaded");
        assertRefused(publish(releaser, Map.of("image", "zz")), 400, "imageSha256");
        assertRefused(publish(releaser, Map.of("measurements", Map.of("pcr0", "abc"))), 400, "measurement");
        assertRefused(publish(releaser, Map.of("hardware", List.of("a", "a"))), 400, "hardware");
        String notSbom = upload(releaser, "{\"bomFormat\":\"SPDX\"}".getBytes(StandardCharsets.UTF_8));
        assertRefused(publish(releaser, Map.of("sbom", notSbom)), 400, "CycloneDX");
        String broken = upload(releaser, "{\"bomFormat\":".getBytes(StandardCharsets.UTF_8));
        assertRefused(publish(releaser, Map.of("sbom", broken)), 400, "sbom");
        assertRefused(publish(releaser, Map.of("product", "-")), 400, "product");
        assertRefused(
                server.api()
                        .send(
                                "POST",
                                "/api/v1/releases/uploads",
                                releaser.token(),
                                new byte[0],
                                "application/octet-stream"),
                400,
                "empty");

        Api.Response list = server.api().get("/api/v1/releases", releaser.token());
        assertThat(list.json().get("items").size()).isZero();
    }

    @Test
    void aVersionIsPublishedOnceAndRevokedOnceAndBothAreAudited() {
        Api.Response first = publish(releaser, Map.of("version", "2.0.0"));
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertRefused(publish(releaser, Map.of("version", "2.0.0")), 409, "already has a release 2.0.0");

        String id = first.json().get("id").asText();
        Api.Response revoke =
                server.api().post("/api/v1/releases/" + id + "/revoke", releaser.token(), Map.of("reason", "bad"));
        assertThat(revoke.status()).as("%s", revoke).isEqualTo(200);
        assertThat(revoke.json().get("state").asText()).isEqualTo("revoked");
        assertRefused(
                server.api().post("/api/v1/releases/" + id + "/revoke", releaser.token(), Map.of("reason", "again")),
                409,
                "already revoked");

        for (String action : List.of("release.publish", "release.revoke")) {
            Api.Response audit = server.api().get("/api/v1/audit/entries?action=" + action, server.adminToken());
            assertThat(audit.json().get("items").toString()).as(action).contains(id);
        }
    }

    @Test
    void anotherManufacturerCannotPublishOrSeeThisOnesReleases() {
        String theirs = upload(rival, "rival".getBytes(StandardCharsets.UTF_8));
        Api.Response r = publish(rival, Map.of("image", theirs, "version", "6.6.6"));
        assertThat(r.status()).as("%s", r).isEqualTo(403);
        assertThat(server.api()
                        .get("/api/v1/releases?org=Strict%20Devices", rival.token())
                        .status())
                .isEqualTo(403);
        // an owner organization publishes nothing, not even uploads
        assertRefused(
                server.api()
                        .send(
                                "POST",
                                "/api/v1/releases/uploads",
                                owner.token(),
                                new byte[] {1},
                                "application/octet-stream"),
                400,
                "not a manufacturer");
    }
}
