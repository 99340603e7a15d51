package io.hallmark.bench;

import io.hallmark.server.app.HallmarkServer;
import io.hallmark.server.pki.PlatformPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The two servers of the HTTPS benchmark, started side by side in this process: a real Hallmark server on the
 * embedded store in a new data directory, and a {@link BareJettyServer} presenting the same certificate from the
 * same vault and answering the very body Hallmark answers to {@value #PATH}. Closing it stops both and removes the
 * data directory.
 */
final class HttpsPair implements AutoCloseable {
    /** The request measured: the caller's own identity, which authenticates the token on every call. */
    static final String PATH = "/api/v1/me";

    private final Path dir;
    private final HallmarkServer hallmark;
    private final BareJettyServer bare;
    private final String token;
    private final HttpClient client;
    private final byte[] body;

    private HttpsPair(
            Path dir, HallmarkServer hallmark, BareJettyServer bare, String token, HttpClient client, byte[] body) {
        this.dir = dir;
        this.hallmark = hallmark;
        this.bare = bare;
        this.token = token;
        this.client = client;
        this.body = body;
    }

    /** Starts both servers on 127.0.0.1 and free ports. */
    static HttpsPair start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("hallmark-bench-https-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HallmarkServer hallmark = null;
        try {
            hallmark = BenchServer.start(dir);
            String token = Files.readString(dir.resolve(HallmarkServer.ADMIN_TOKEN_FILE))
                    .strip();
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(trusting(dir.resolve(HallmarkServer.CA_FILE)))
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<byte[]> me = send(client, URI.create(hallmark.apiUrl() + PATH), token);
            if (me.statusCode() != 200) {
                throw new IllegalStateException("GET " + PATH + ": status " + me.statusCode() + " (expected: 200)");
            }
            BareJettyServer bare =
                    BareJettyServer.start(hallmark.vault().keyManagers(PlatformPki.API_TLS_ALIAS), me.body());
            return new HttpsPair(dir, hallmark, bare, token, client, me.body());
        } catch (IOException | RuntimeException e) {
            if (hallmark != null) {
                hallmark.close();
            }
            ScratchDatabase.deleteTree(dir);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The Hallmark URL of the request. */
    URI hallmarkUri() {
        return URI.create(hallmark.apiUrl() + PATH);
    }

    /** Hallmark's liveness route: the same stack without authentication, to tell the two costs apart. */
    URI hallmarkHealthUri() {
        return URI.create(hallmark.apiUrl() + "/healthz");
    }

    /** The bare Jetty URL of the request. */
    URI bareUri() {
        return URI.create("https://127.0.0.1:" + bare.port() + PATH);
    }

    /** The Hallmark operator API's base URL. */
    URI hallmarkBase() {
        return URI.create(hallmark.apiUrl());
    }

    /** One POST of a JSON body to Hallmark with the admin token; the answer's body as text. */
    HttpResponse<String> post(String path, String json) {
        return post(path, "application/json", HttpRequest.BodyPublishers.ofString(json), Duration.ofSeconds(10));
    }

    /** One POST of raw bytes ({@code application/octet-stream}) to Hallmark with the admin token; the answer as text. */
    HttpResponse<String> postBytes(String path, byte[] bytes) {
        // an image upload of hundreds of MiB takes a while
        return post(
                path,
                "application/octet-stream",
                HttpRequest.BodyPublishers.ofByteArray(bytes),
                Duration.ofSeconds(120));
    }

    private HttpResponse<String> post(
            String path, String contentType, HttpRequest.BodyPublisher body, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(hallmark.apiUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .timeout(timeout)
                .POST(body)
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The base URL of Hallmark's device port (EST, OCSP, the TUF repositories). */
    URI deviceBase() {
        return URI.create("https://127.0.0.1:" + hallmark.devicePort().orElseThrow());
    }

    /** The platform root that the servers' certificates chain to (PEM), for outside clients such as curl. */
    Path caFile() {
        return dir.resolve(HallmarkServer.CA_FILE);
    }

    /** The bootstrap admin token, sent to both. */
    String token() {
        return token;
    }

    /** The body both answer. */
    byte[] body() {
        return body.clone();
    }

    /** One GET of {@code uri} with the token, trusting the platform root. */
    HttpResponse<byte[]> get(URI uri) {
        return send(client, uri, token);
    }

    @Override
    public void close() {
        try {
            bare.close();
        } finally {
            try {
                hallmark.close();
            } finally {
                ScratchDatabase.deleteTree(dir);
            }
        }
    }

    private static HttpResponse<byte[]> send(HttpClient client, URI uri, String token) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static SSLContext trusting(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry(
                    "platform-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(caPem + " cannot be read", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(caPem + " is not a usable CA certificate", e);
        }
    }
}
