package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.protocol.tuf.TufClient;
import io.hallmark.protocol.tuf.TufLimits;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The timestamp lives one day and the server signs it again in its last quarter by itself, so a device checking
 * later still finds fresh metadata; the re-signing is audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TufFreshnessIT {
    private TestServer server;
    private String base;
    private HttpClient http;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.givenServer(Store.H2);
        String org = server.givenOrganization("Fresh Devices", "manufacturer");
        Actor releaser = server.givenUser(org, "release-manager");
        ReleaseFixtures.product(server.api(), releaser.token(), "f-1", "F 1");
        Api.Response up = server.api()
                .send(
                        "POST",
                        "/api/v1/releases/uploads",
                        releaser.token(),
                        "f firmware".getBytes(StandardCharsets.UTF_8),
                        "application/octet-stream");
        Api.Response r = server.api()
                .post(
                        "/api/v1/releases",
                        releaser.token(),
                        Map.of(
                                "product",
                                "f-1",
                                "version",
                                "1.0",
                                "image",
                                up.json().get("sha256").asText(),
                                "imageName",
                                "f.bin"));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        base = "https://127.0.0.1:" + server.server().devicePort().orElseThrow() + "/tuf/" + org + "/";
        http = HttpClient.newBuilder()
                .sslContext(TufInteropIT.sslTrusting(server.dataDir().resolve("trust/platform-ca.pem")))
                .build();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Optional<byte[]> fetch(String path, long max) throws IOException {
        return TufClients.httpFetcher(http, base).fetch(path, max);
    }

    private int timestampVersion() throws IOException {
        return Api.JSON
                .readTree(fetch("timestamp.json", 16_384).orElseThrow())
                .get("signed")
                .get("version")
                .asInt();
    }

    private java.net.http.HttpResponse<byte[]> timestamp(String ifNoneMatch) throws Exception {
        java.net.http.HttpRequest.Builder b =
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "timestamp.json"));
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theTimestampIsSignedAgainBeforeItExpiresAndDevicesKeepUpdating() throws Exception {
        byte[] root = fetch("1.root.json", 512_000).orElseThrow();
        int before = timestampVersion();
        String oldEtag = timestamp(null).headers().firstValue("ETag").orElseThrow();

        server.clock().advance(Duration.ofHours(20));
        // the server's scheduler checks every 10 s; wait for it, bounded
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (timestampVersion() == before && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        assertThat(timestampVersion()).isGreaterThan(before);
        // the re-signed timestamp is served in full to a device holding the old ETag, not 304
        java.net.http.HttpResponse<byte[]> renewed = timestamp(oldEtag);
        assertThat(renewed.statusCode()).isEqualTo(200);
        assertThat(Api.JSON.readTree(renewed.body()).at("/signed/version").asInt())
                .isGreaterThan(before);

        Instant deviceTime = server.clock().instant().plus(Duration.ofHours(6));
        TufClient device = new TufClient(
                root,
                null,
                null,
                this::fetch,
                (p, m) -> fetch("targets/" + p, m),
                Clock.fixed(deviceTime, ZoneOffset.UTC),
                TufLimits.DEFAULT);
        device.refresh();
        assertThat(device.findTarget("f-1/1.0/f.bin")).isPresent();

        Api.Response audit = server.api().get("/api/v1/audit/entries?action=tuf.resign", server.adminToken());
        assertThat(audit.json().get("items").size()).isPositive();
    }
}
