package io.hallmark.agent.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import io.hallmark.core.Checks;
import io.hallmark.core.Jws;
import io.hallmark.core.UntrustedInputException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The device's side of rollouts on the device port (mutual TLS with its operational certificate): fetches its
 * assignment and checks its signature (ES256 JWS, RFC 7515, with the platform's assignment key, typ {@code
 * hallmark-assignment+jwt}), its expiry and its subject; reports outcomes.
 */
public final class AssignmentClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_BYTES = 16 * 1024;

    private final URI server;
    private final HttpClient http;
    private final PublicKey key;
    private final Clock clock;

    /**
     * A client of the device port at {@code server}.
     *
     * @param mtls presents the device's operational certificate and trusts the platform CA
     * @param key the platform's assignment key, provisioned with the device
     */
    public AssignmentClient(URI server, SSLContext mtls, PublicKey key, Clock clock) {
        String base = server.toString();
        this.server = URI.create(base.endsWith("/") ? base : base + "/");
        this.http = HttpClient.newBuilder()
                .sslContext(Checks.notNull(mtls, "mtls"))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.key = Checks.notNull(key, "key");
        this.clock = Checks.notNull(clock, "clock");
    }

    /**
     * The device's current assignment, verified; empty when there is none.
     *
     * @throws UntrustedInputException when the answer is not a valid assignment signed by the key
     * @throws IOException when the server cannot be reached or refuses
     */
    public Optional<Assignment> fetch() throws IOException {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(server.resolve("update/assignment"))
                .GET()
                .build());
        if (r.statusCode() == 204) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new IOException("update/assignment: HTTP " + r.statusCode());
        }
        if (r.body().length > MAX_BYTES) {
            throw new UntrustedInputException("assignment: more than " + MAX_BYTES + " bytes");
        }
        JsonNode body = JSON.readTree(r.body());
        return Optional.of(verify(body.path("assignment").asText(""), key, clock.instant()));
    }

    /** Reports {@code state} ({@code downloading}, {@code installed}, {@code failed}, {@code rolled-back}). */
    public void report(String rollout, String state, String reason) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rollout", rollout);
        body.put("state", state);
        if (reason != null && !reason.isEmpty()) {
            body.put("reason", reason.length() > 500 ? reason.substring(0, 500) : reason);
        }
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(server.resolve("update/report"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build());
        if (r.statusCode() != 200) {
            throw new IOException(
                    "update/report: HTTP " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Checks a signed assignment: ES256 with {@code key}, typ {@code hallmark-assignment+jwt}, not expired at {@code
     * now}, every field of the right shape.
     *
     * @throws UntrustedInputException when any check fails
     */
    public static Assignment verify(String compact, PublicKey key, Instant now) {
        JWSObject jws = Jws.verify(compact, key, JWSAlgorithm.ES256);
        if (!new JOSEObjectType("hallmark-assignment+jwt")
                .equals(jws.getHeader().getType())) {
            throw new UntrustedInputException("assignment: typ (expected: hallmark-assignment+jwt)");
        }
        JsonNode c;
        try {
            c = JSON.readTree(jws.getPayload().toBytes());
        } catch (IOException e) {
            throw new UntrustedInputException("assignment: payload is not JSON", e);
        }
        Instant expires = Instant.ofEpochSecond(c.path("exp").asLong(0));
        if (!now.isBefore(expires)) {
            throw new UntrustedInputException("assignment: expired at " + expires);
        }
        String action = c.path("action").asText("");
        if (!action.equals("install") && !action.equals("cancel")) {
            throw new UntrustedInputException("assignment: action (expected: install or cancel)");
        }
        JsonNode t = c.path("target");
        String sha256 = t.path("hashes").path("sha256").asText("");
        long length = t.path("length").asLong(-1);
        String name = t.path("name").asText("");
        if (!SHA256.matcher(sha256).matches() || length < 0 || name.isEmpty()) {
            throw new UntrustedInputException("assignment: target (expected: name, length and hashes.sha256)");
        }
        return new Assignment(
                c.path("rollout").asText(""),
                c.path("sub").asText(""),
                action,
                name,
                length,
                sha256,
                c.path("version").asText(""),
                c.path("security").asBoolean(false),
                c.path("reason").asText(""),
                expires);
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
