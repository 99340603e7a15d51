package io.hallmark.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.protocol.attestation.EarClaims;
import io.hallmark.protocol.attestation.EvidenceWriter;
import io.hallmark.protocol.attestation.Finding;
import io.hallmark.protocol.attestation.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLParameters;

/**
 * The attester's side of remote attestation ({@code docs/protocol/attestation.md}): over mutual TLS with the
 * operational certificate, asks for a nonce, measures the firmware, signs the evidence (an EAT in JWT form, RFC 9711)
 * with the operational key and sends it; reads the status and findings of the answer.
 */
final class Attester {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ANSWER = 64 * 1024;

    private final URI server;
    private final List<X509Certificate> trustAnchors;
    private final Clock clock;
    private final Duration timeout;

    Attester(URI server, List<X509Certificate> trustAnchors, Clock clock, Duration timeout) {
        this.server = server;
        this.trustAnchors = List.copyOf(trustAnchors);
        this.clock = clock;
        this.timeout = timeout;
    }

    /** One attestation, behaving as {@code behaviour} says. */
    AttestationOutcome attest(TlsCredential credential, String serial, Firmware firmware, Misbehaviour behaviour) {
        String nonce = nonce(credential);
        if (behaviour == Misbehaviour.REPLAY_NONCE) {
            // the first use is honest; the replay below reuses its nonce
            send(credential, evidence(credential, serial, firmware, nonce, Misbehaviour.NONE));
        }
        return send(credential, evidence(credential, serial, firmware, nonce, behaviour));
    }

    private String evidence(
            TlsCredential credential, String serial, Firmware firmware, String nonce, Misbehaviour behaviour) {
        long iat = clock.instant().getEpochSecond();
        if (behaviour == Misbehaviour.STALE_EVIDENCE) {
            iat -= Duration.ofHours(1).toSeconds();
        }
        EvidenceWriter.Claims claims = new EvidenceWriter.Claims(
                nonce,
                behaviour == Misbehaviour.OTHER_DEVICE ? serial + "-OTHER" : serial,
                firmware.hwmodel(),
                firmware.swname(),
                firmware.swversion(),
                firmware.dbgstat(),
                firmware.oemboot(),
                firmware.measure(),
                iat);
        Map<String, Object> body = EvidenceWriter.claims(claims);
        if (behaviour == Misbehaviour.FOREIGN_KEY) {
            KeyPair foreign = IdentityStore.generateP256();
            return EvidenceWriter.sign(
                    body, foreign.getPrivate(), "ES256", EvidenceWriter.thumbprint(credential.certificate()));
        }
        return EvidenceWriter.sign(body, credential.key(), credential.certificate());
    }

    private String nonce(TlsCredential credential) {
        Answer a = post(credential, "attest/nonce", "application/json", new byte[0]);
        if (a.status() != 200) {
            throw new EstException(reasonOf(a.status()), "attest/nonce: HTTP " + a.status() + " " + detail(a.body()));
        }
        try {
            return JSON.readTree(a.body()).get("nonce").asText();
        } catch (IOException | RuntimeException e) {
            throw new EstException(EstException.Reason.MALFORMED_RESPONSE, "attest/nonce: not a nonce", e);
        }
    }

    private AttestationOutcome send(TlsCredential credential, String token) {
        Answer a =
                post(credential, "attest/evidence", "application/eat+jwt", token.getBytes(StandardCharsets.US_ASCII));
        if (a.status() == 200) {
            String ear = a.text().strip();
            String[] parts = ear.split("\\.");
            EarClaims.Result r = EarClaims.read(Base64.getUrlDecoder().decode(parts[1]));
            return new AttestationOutcome(r.status(), Optional.of(ear), r.findings(), Optional.empty());
        }
        if (a.status() == 400) {
            String detail = detail(a.body());
            List<Finding> ids = new ArrayList<>();
            int colon = detail.indexOf("evidence refused: ");
            if (colon >= 0) {
                for (String id :
                        detail.substring(colon + "evidence refused: ".length()).split(",\\s*")) {
                    if (!id.isBlank()) {
                        ids.add(new Finding(id.strip(), Finding.Severity.REJECTED, "", ""));
                    }
                }
            }
            return new AttestationOutcome(Tier.NONE, Optional.empty(), ids, Optional.of(detail));
        }
        throw new EstException(reasonOf(a.status()), "attest/evidence: HTTP " + a.status() + " " + detail(a.body()));
    }

    private static EstException.Reason reasonOf(int status) {
        return switch (status) {
            case 401 -> EstException.Reason.UNAUTHORIZED;
            case 403 -> EstException.Reason.FORBIDDEN;
            default -> status >= 500 ? EstException.Reason.SERVER_ERROR : EstException.Reason.BAD_REQUEST;
        };
    }

    private static String detail(byte[] problem) {
        try {
            JsonNode p = JSON.readTree(problem);
            return p.path("detail").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private record Answer(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Answer post(TlsCredential credential, String path, String contentType, byte[] body) {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(TlsContexts.create(trustAnchors, Optional.of(credential)))
                .sslParameters(parameters)
                .build()) {
            HttpRequest request = HttpRequest.newBuilder(server.resolve("/" + path))
                    .timeout(timeout)
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                return new Answer(response.statusCode(), in.readNBytes(MAX_ANSWER));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EstException(EstException.Reason.UNREACHABLE, path + ": interrupted", e);
        } catch (IOException e) {
            throw new EstException(EstException.Reason.UNREACHABLE, path + ": " + e.getMessage(), e);
        }
    }
}
