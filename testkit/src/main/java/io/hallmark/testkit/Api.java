package io.hallmark.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTPS client for tests that trusts only the server's platform CA and speaks the operator API's JSON.
 * Every call returns a {@link Response}; nothing throws on a 4xx or 5xx.
 */
public final class Api {
    /** Shared JSON mapper (ISO times). */
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final HttpClient http;
    private final String base;

    /** A client for {@code base} trusting the PEM certificate in {@code caFile}. */
    public Api(String base, Path caFile) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .sslContext(trusting(caFile))
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    static SSLContext trusting(Path caFile) {
        try {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caFile)));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust " + caFile, e);
        }
    }

    /**
     * An answer.
     *
     * @param status the HTTP status
     * @param body the body as text
     * @param headers the response headers
     */
    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {
        /** The body parsed as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** The first value of a header, or null. */
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst()
                    .map(e -> e.getValue().get(0))
                    .orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** {@code GET path} with a bearer token (or none when null). */
    public Response get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    /** {@code POST path} with a JSON body (a JSON string, or an object to encode). */
    public Response post(String path, String token, Object body) {
        return send("POST", path, token, body, "application/json");
    }

    /** {@code PATCH path} with a JSON body. */
    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, body, "application/json");
    }

    /** {@code DELETE path}. */
    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, null);
    }

    /** {@code GET path} without a token, with an {@code Accept} header (none when null). */
    public Response getAccepting(String path, String accept) {
        return send("GET", path, null, null, null, accept);
    }

    /** Any request; {@code body} is sent as is when it is a String or byte[], as JSON otherwise. */
    public Response send(String method, String path, String token, Object body, String contentType) {
        return send(method, path, token, body, contentType, null);
    }

    private Response send(String method, String path, String token, Object body, String contentType, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpRequest.BodyPublisher pub;
        if (body == null) {
            pub = HttpRequest.BodyPublishers.noBody();
        } else if (body instanceof byte[] bytes) {
            pub = HttpRequest.BodyPublishers.ofByteArray(bytes);
        } else if (body instanceof String s) {
            pub = HttpRequest.BodyPublishers.ofString(s);
        } else {
            try {
                pub = HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
        try {
            HttpResponse<String> r = http.send(b.method(method, pub).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
