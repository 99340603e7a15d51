package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.core.Hashes;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manufacturer's TUF repository as TUF clients no one here wrote read it: npm's tuf-js 5.0.1 (the client of npm's
 * Sigstore support) downloads and verifies a published release from the device port of a running server, and no
 * longer finds it once it is revoked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TufInteropIT {
    private TestServer server;
    private Actor releaser;
    private String org;
    private String tufBase;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        server = TestServer.givenServer(Store.H2);
        org = server.givenOrganization("Acme Devices", "manufacturer");
        releaser = server.givenUser(org, "release-manager");
        ReleaseFixtures.product(server.api(), releaser.token(), "cam-200", "Camera 200");
        tufBase = "https://127.0.0.1:" + server.server().devicePort().orElseThrow() + "/tuf/Acme%20Devices";
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String upload(byte[] bytes) {
        Api.Response r = server.api()
                .send("POST", "/api/v1/releases/uploads", releaser.token(), bytes, "application/octet-stream");
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().get("sha256").asText()).isEqualTo(Hashes.hex(Hashes.sha256(bytes)));
        return r.json().get("sha256").asText();
    }

    private JsonNode publish(String version, byte[] image, String sbom) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of(
                "product",
                "cam-200",
                "version",
                version,
                "image",
                upload(image),
                "imageName",
                "firmware.bin",
                "measurements",
                Map.of("pcr4", "ab".repeat(32)),
                "hardware",
                List.of("rev-b", "rev-c"),
                "security",
                true));
        if (sbom != null) {
            body.put("sbom", upload(sbom.getBytes(StandardCharsets.UTF_8)));
        }
        Api.Response r = server.api().post("/api/v1/releases", releaser.token(), body);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }

    private byte[] fetch(String path) throws Exception {
        Path ca = server.dataDir().resolve("trust/platform-ca.pem");
        javax.net.ssl.SSLContext ssl = sslTrusting(ca);
        HttpResponse<byte[]> r = HttpClient.newBuilder()
                .sslContext(ssl)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(tufBase + "/" + path)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    static javax.net.ssl.SSLContext sslTrusting(Path caPem) throws Exception {
        var cf = java.security.cert.CertificateFactory.getInstance("X.509");
        var ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (var in = Files.newInputStream(caPem)) {
            ks.setCertificateEntry("ca", cf.generateCertificate(in));
        }
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private TufClients.Run tufJs(Path root, String target) {
        Path dir = TufClients.tufJs();
        return TufClients.run(
                dir,
                Map.of(
                        "NODE_EXTRA_CA_CERTS",
                        server.dataDir().resolve("trust/platform-ca.pem").toString()),
                Duration.ofSeconds(60),
                "node",
                "tuf-js-download.js",
                tufBase,
                tufBase + "/targets",
                root.toString(),
                target);
    }

    @Test
    void tufJsDownloadsAndVerifiesAPublishedReleaseAndNotARevokedOne() throws Exception {
        byte[] image = "Acme camera firmware 2.1.0\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        JsonNode release = publish(
                "2.1.0",
                image,
                "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[]}");
        Path root = Files.write(tmp.resolve("root.json"), fetch("1.root.json"));
        // the release is not in the top-level targets: tuf-js must follow the delegation to the product's role
        JsonNode snapshot = Api.JSON.readTree(fetch(Api.JSON
                        .readTree(fetch("timestamp.json"))
                        .at("/signed/meta/snapshot.json/version")
                        .asInt()
                + ".snapshot.json"));
        int targetsVersion = snapshot.at("/signed/meta/targets.json/version").asInt();
        JsonNode top = Api.JSON.readTree(fetch(targetsVersion + ".targets.json"));
        assertThat(top.at("/signed/targets").fieldNames())
                .as("no release in the top-level targets, the IDevID chain only")
                .toIterable()
                .containsExactly("idevid-chain.pem");
        assertThat(top.at("/signed/delegations/roles/0/name").asText()).isEqualTo("product-cam-200");
        int roleVersion =
                snapshot.at("/signed/meta/product-cam-200.json/version").asInt();
        assertThat(Api.JSON
                        .readTree(fetch(roleVersion + ".product-cam-200.json"))
                        .at("/signed/targets")
                        .has("cam-200/2.1.0/firmware.bin"))
                .isTrue();

        TufClients.Run run = tufJs(root, "cam-200/2.1.0/firmware.bin");

        assertThat(run.exitCode()).as("%s", run).isZero();
        JsonNode out = Api.JSON.readTree(run.out());
        assertThat(out.get("sha256").asText()).isEqualTo(Hashes.hex(Hashes.sha256(image)));
        assertThat(out.get("length").asLong()).isEqualTo(image.length);
        JsonNode custom = out.get("custom").get("hallmark");
        assertThat(custom.get("version").asText()).isEqualTo("2.1.0");
        assertThat(custom.get("release").asText()).isEqualTo(release.get("id").asText());
        assertThat(custom.get("security").asBoolean()).isTrue();
        assertThat(custom.get("hardware").toString()).isEqualTo("[\"rev-b\",\"rev-c\"]");
        assertThat(custom.get("measurements").get("pcr4").asText()).isEqualTo("ab".repeat(32));
        assertThat(custom.get("sbom").get("sha256").asText())
                .isEqualTo(release.get("sbomSha256").asText());

        Api.Response revoked = server.api()
                .post(
                        "/api/v1/releases/" + release.get("id").asText() + "/revoke",
                        releaser.token(),
                        Map.of("reason", "bricks rev-b boards"));
        assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);
        TufClients.Run after = tufJs(root, "cam-200/2.1.0/firmware.bin");
        assertThat(after.exitCode()).as("%s", after).isEqualTo(3);
    }

    @Test
    void aNewlySignedTimestampIsServedAtOnceAndTheOldEtagNoLongerAnswers304() throws Exception {
        publish("4.0.0", "image 4.0.0".getBytes(StandardCharsets.UTF_8), null);
        HttpClient http = HttpClient.newBuilder()
                .sslContext(sslTrusting(server.dataDir().resolve("trust/platform-ca.pem")))
                .build();
        HttpResponse<byte[]> before = http.send(
                HttpRequest.newBuilder(URI.create(tufBase + "/timestamp.json")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String oldEtag = before.headers().firstValue("ETag").orElseThrow();
        assertThat(conditional(http, oldEtag).statusCode()).isEqualTo(304);

        // the publish signs a new timestamp and answers after its commit
        publish("4.0.1", "image 4.0.1".getBytes(StandardCharsets.UTF_8), null);
        HttpResponse<byte[]> after = conditional(http, oldEtag);

        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(timestampVersion(after.body())).isGreaterThan(timestampVersion(before.body()));
        String newEtag = after.headers().firstValue("ETag").orElseThrow();
        assertThat(newEtag).isNotEqualTo(oldEtag).isEqualTo("\"" + Hashes.hex(Hashes.sha256(after.body())) + "\"");
        assertThat(conditional(http, newEtag).statusCode()).isEqualTo(304);
    }

    private HttpResponse<byte[]> conditional(HttpClient http, String etag) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(tufBase + "/timestamp.json"))
                        .header("If-None-Match", etag)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int timestampVersion(byte[] timestamp) throws Exception {
        return Api.JSON.readTree(timestamp).at("/signed/version").asInt();
    }

    @Test
    void metadataIsServedWithStrongEtagsAndConditionalRequestsAreAnswered304() throws Exception {
        publish("3.0.0", "image 3".getBytes(StandardCharsets.UTF_8), null);
        Path ca = server.dataDir().resolve("trust/platform-ca.pem");
        HttpClient http = HttpClient.newBuilder().sslContext(sslTrusting(ca)).build();
        HttpResponse<byte[]> first = http.send(
                HttpRequest.newBuilder(URI.create(tufBase + "/timestamp.json")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"" + Hashes.hex(Hashes.sha256(first.body())) + "\"");

        HttpResponse<byte[]> again = http.send(
                HttpRequest.newBuilder(URI.create(tufBase + "/timestamp.json"))
                        .header("If-None-Match", etag)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        HttpResponse<byte[]> missing = http.send(
                HttpRequest.newBuilder(URI.create(tufBase + "/99.root.json")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(missing.statusCode()).isEqualTo(404);
        HttpResponse<byte[]> traversal = http.send(
                HttpRequest.newBuilder(URI.create(tufBase + "/targets/..%2F..%2Fvault.p12"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(traversal.statusCode()).isEqualTo(404);
    }
}
