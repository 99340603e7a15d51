package io.hallmark.server.assurance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.core.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims a label carries (the JWS payload, canonical JSON per RFC 8785). Registered claim names follow RFC 7519
 * §4.1 ({@code iss}, {@code sub}, {@code iat}, {@code exp}, {@code jti}); the others are Hallmark's:
 *
 * <ul>
 *   <li>{@code product} ({@code id}, {@code model}, {@code name}) and {@code manufacturer} ({@code id},
 *       {@code name});
 *   <li>{@code level} ({@code L1}..{@code L4}), {@code scheme} (this label format's version) and {@code catalogs}
 *       (each requirement catalog assessed, with its version);
 *   <li>{@code signers}: who stands behind the label, by role ({@code manufacturer}, {@code assessor},
 *       {@code platform});
 *   <li>{@code evidence}: SHA-256 of the profile's bytes and of the assessment;
 *   <li>{@code status_url}: where the live status is, and {@code integrity_threshold_percent}: the fleet integrity
 *       failure share above which the label is suspended, and {@code critical_fix_days}: how many days a critical
 *       vulnerability may stay unfixed before the label is suspended.
 * </ul>
 */
final class LabelClaims {
    /** The label format; a verifier refuses a scheme it does not know. */
    static final String SCHEME = "hallmark-label/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LabelClaims() {}

    static Map<String, Object> of(Label label, Instant issuedAt, Instant expiresAt, URI statusUrl, String keyId) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", "hallmark");
        c.put("sub", label.productId());
        c.put("jti", label.id());
        c.put("iat", issuedAt.getEpochSecond());
        c.put("exp", expiresAt.getEpochSecond());
        c.put("product", Map.of("id", label.productId(), "model", label.productModel(), "name", label.productName()));
        c.put("manufacturer", Map.of("id", label.orgId(), "name", label.manufacturer()));
        c.put("level", label.level().name());
        c.put("scheme", SCHEME);
        c.put("catalogs", catalogs(label.assessmentJson()));
        List<Object> signers = new ArrayList<>();
        signers.add(Map.of("role", "manufacturer", "name", label.manufacturer()));
        label.review()
                .filter(Label.Review::approved)
                .ifPresent(r -> signers.add(Map.of("role", "assessor", "name", r.reviewerOrgName())));
        signers.add(Map.of("role", "platform", "kid", keyId));
        c.put("signers", signers);
        c.put(
                "evidence",
                Map.of(
                        "profile_sha256",
                        label.profileSha256(),
                        "assessment_sha256",
                        Hashes.hex(Hashes.sha256(label.assessmentJson().getBytes(StandardCharsets.UTF_8)))));
        c.put("status_url", statusUrl.toString());
        c.put("integrity_threshold_percent", label.integrityThresholdPercent());
        c.put("critical_fix_days", LabelService.CRITICAL_FIX_DAYS);
        return c;
    }

    /**
     * The {@code critical_fix_days} a signed label states, or {@link LabelService#CRITICAL_FIX_DAYS} when it states
     * none (the JWS is the platform's own, read back from its store).
     */
    static int criticalFixDays(String jws) {
        String[] parts = jws.split("\\.", -1);
        if (parts.length == 3) {
            try {
                JsonNode days =
                        JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).path("critical_fix_days");
                if (days.canConvertToInt() && days.intValue() >= 0) {
                    return days.intValue();
                }
            } catch (IOException | IllegalArgumentException e) {
                // not readable: the default applies
            }
        }
        return LabelService.CRITICAL_FIX_DAYS;
    }

    /** The catalogs of the assessment's coverage, as {@code {id, version}}. */
    private static List<Object> catalogs(String assessmentJson) {
        JsonNode root;
        try {
            root = JSON.readTree(assessmentJson);
        } catch (IOException e) {
            throw new UncheckedIOException("stored assessment: not JSON", e);
        }
        List<Object> out = new ArrayList<>();
        for (JsonNode c : root.path("coverage")) {
            out.add(Map.of(
                    "id",
                    c.path("catalog").asText(),
                    "version",
                    c.path("version").asText()));
        }
        return out;
    }
}
