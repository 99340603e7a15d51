package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.core.Hashes;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Release images leave the device port whole and unchanged whatever the client: the server maps the file and writes
 * several TLS records per write, which must not show on the wire. {@code curl} (OpenSSL) downloads over TLS 1.3 and
 * TLS 1.2, the JDK's client downloads several at once; an image whose length is no multiple of a TLS record's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageDownloadIT {
    /** 5 MiB and a few bytes: many full records and a short last one. */
    private static final int IMAGE_BYTES = 5 * 1024 * 1024 + 4_321;

    private TestServer server;
    private byte[] image;
    private String url;
    private Path caFile;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.givenServer(Store.H2);
        String org = server.givenOrganization("Image Makers", "manufacturer");
        Actor releaser = server.givenUser(org, "release-manager");
        ReleaseFixtures.product(server.api(), releaser.token(), "img-1", "Img 1");
        image = new byte[IMAGE_BYTES];
        new SecureRandom().nextBytes(image);
        JsonNode release =
                ReleaseFixtures.publish(server.api(), releaser.token(), "img-1", "1.0.0", image, "img.bin", Map.of());
        String target = release.get("target").asText();
        int slash = target.lastIndexOf('/');
        String hashed =
                target.substring(0, slash + 1) + Hashes.hex(Hashes.sha256(image)) + "." + target.substring(slash + 1);
        url = "https://127.0.0.1:" + server.server().devicePort().orElseThrow() + "/tuf/" + org + "/targets/" + hashed;
        caFile = server.dataDir().resolve("trust/platform-ca.pem");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private byte[] curl(String... tlsOptions) throws Exception {
        Path out = Files.createTempFile("image", ".bin");
        try {
            List<String> command = new ArrayList<>(List.of("curl", "-sS", "--fail", "--cacert", caFile.toString()));
            command.addAll(List.of(tlsOptions));
            command.addAll(List.of("-o", out.toString(), url));
            TufClients.Run r =
                    TufClients.run(out.getParent(), Map.of(), Duration.ofSeconds(60), command.toArray(String[]::new));
            assertThat(r.exitCode()).as("%s", r).isZero();
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void curlDownloadsTheWholeImageOverTls13() throws Exception {
        assertThat(Hashes.hex(Hashes.sha256(curl("--tlsv1.3")))).isEqualTo(Hashes.hex(Hashes.sha256(image)));
    }

    @Test
    void curlDownloadsTheWholeImageOverTls12() throws Exception {
        assertThat(Hashes.hex(Hashes.sha256(curl("--tlsv1.2", "--tls-max", "1.2"))))
                .isEqualTo(Hashes.hex(Hashes.sha256(image)));
    }

    @Test
    void concurrentDownloadsEachGetTheWholeImageWithItsLength() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TufInteropIT.sslTrusting(caFile))
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<byte[]>>> downloads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                downloads.add(pool.submit(() -> http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray())));
            }
            for (Future<HttpResponse<byte[]>> d : downloads) {
                HttpResponse<byte[]> r = d.get();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(IMAGE_BYTES);
                assertThat(r.body()).isEqualTo(image);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void curlResumesAnInterruptedDownloadWithARange() throws Exception {
        // the first 1,000,000 bytes arrived before the link dropped: curl asks for the rest
        assertThat(curl("--tlsv1.3", "-r", "1000000-"))
                .isEqualTo(java.util.Arrays.copyOfRange(image, 1_000_000, IMAGE_BYTES));
    }

    @Test
    void aRangeIsAnsweredPartiallyAndOnePastTheEndIsRefused() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TufInteropIT.sslTrusting(caFile))
                .build();
        HttpResponse<byte[]> tail = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Range", "bytes=-100")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.headers().firstValue("Content-Range"))
                .hasValue("bytes " + (IMAGE_BYTES - 100) + "-" + (IMAGE_BYTES - 1) + "/" + IMAGE_BYTES);
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(image, IMAGE_BYTES - 100, IMAGE_BYTES));

        HttpResponse<String> past = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Range", "bytes=" + IMAGE_BYTES + "-")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */" + IMAGE_BYTES);
        assertThat(past.body()).contains("the image has " + IMAGE_BYTES + " bytes");

        // If-Range naming another file: the whole image, not a piece of this one mixed with another
        HttpResponse<byte[]> stale = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Range", "bytes=0-9")
                        .header("If-Range", "\"" + "0".repeat(64) + "\"")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(image);
    }

    @Test
    void aClientHoldingTheImageIsAnsweredNotModified() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TufInteropIT.sslTrusting(caFile))
                .build();
        HttpResponse<byte[]> first =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("If-None-Match", etag)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }
}
