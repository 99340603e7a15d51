package io.hallmark.protocol.attestation;

import io.hallmark.core.Checks;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The attestation result as an EAT Attestation Result claims-set (draft-ietf-rats-ear-03 §3, JWT serialisation
 * §3.2), and its reading back by a relying party.
 *
 * <p>Written: {@code eat_profile} {@value #PROFILE}, {@code iat}, {@code ear_verifier_id} (§3, draft-ietf-rats-ar4si
 * §3.3), {@code ear_status} (the overall tier), {@code sub} (the device's serial number, RFC 7519 §4.1.2) and {@code
 * submods} (RFC 9711 §4.2.18) with one appraisal labelled {@value #SUBMOD}: {@code ear_status}, {@code
 * ear_trustworthiness_vector}, {@code ear_appraisal_policy_ids}, the evidence's {@code eat_nonce}, and the unregistered
 * extension map {@code hallmark} (§4.1) holding the findings. Earlier drafts spelled the claims {@code ear.status},
 * {@code ear.trustworthiness-vector} and {@code ear.verifier-id}; draft -03 uses the underscore names written here.
 */
public final class EarClaims {
    /** The EAT profile of the result (draft-ietf-rats-ear-03 §3). */
    public static final String PROFILE = "tag:ietf.org,2026:rats/ear#03";
    /** The label of the device's appraisal in {@code submods}. */
    public static final String SUBMOD = "device";
    /** The JWS {@code typ} of a signed result. */
    public static final String TYPE = "JWT";
    /** The media type of a signed result (draft-ietf-rats-ear-03 §5). */
    public static final String MEDIA_TYPE = "application/eat-ar+jwt";

    /**
     * A result as a relying party reads it.
     *
     * @param serial the device's serial number ({@code sub})
     * @param issuedAt {@code iat}
     * @param status the overall {@code ear_status}
     * @param vector the device appraisal's trustworthiness vector
     * @param nonce the evidence's nonce, when echoed
     * @param findings the findings: id and severity
     */
    public record Result(
            String serial,
            Instant issuedAt,
            Tier status,
            TrustVector vector,
            Optional<String> nonce,
            List<Finding> findings) {
        /** Copies the list. */
        public Result {
            findings = List.copyOf(findings);
        }
    }

    private EarClaims() {}

    /**
     * The claims-set of the result of {@code appraisal} for device {@code serial}.
     *
     * @param developer {@code ear_verifier_id.developer}, e.g. the project's URL
     * @param build {@code ear_verifier_id.build}, e.g. {@code hallmark 0.1.0}
     * @param policyId the appraisal policy's identifier
     */
    public static Map<String, Object> of(
            Appraiser.Appraisal appraisal,
            String serial,
            Instant issuedAt,
            String developer,
            String build,
            String policyId) {
        Checks.notBlank(serial, "serial");
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("ear_status", appraisal.status().wire());
        device.put("ear_trustworthiness_vector", appraisal.vector().toJson());
        device.put("ear_appraisal_policy_ids", List.of(policyId));
        appraisal.evidence().ifPresent(e -> device.put("eat_nonce", e.nonce()));
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : appraisal.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id());
            m.put("severity", f.severity().wire());
            m.put("expected", f.expected());
            m.put("actual", f.actual());
            findings.add(m);
        }
        device.put("hallmark", Map.of("findings", findings));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("eat_profile", PROFILE);
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("ear_verifier_id", Map.of("developer", developer, "build", build));
        claims.put("ear_status", appraisal.status().wire());
        claims.put("sub", serial);
        claims.put("submods", Map.of(SUBMOD, device));
        return claims;
    }

    /**
     * Reads the claims-set of a result (the JWS payload, already verified by the caller).
     *
     * @throws IllegalArgumentException when it is not a result of this profile
     */
    public static Result read(byte[] json) {
        Map<String, Object> c;
        try {
            c = StrictJson.readObject(json);
        } catch (StrictJson.Refused e) {
            throw new IllegalArgumentException("EAR: " + e.reason + " JSON", e);
        }
        Checks.check(PROFILE.equals(c.get("eat_profile")), "eat_profile", c.get("eat_profile"), PROFILE);
        Checks.check(c.get("sub") instanceof String, "sub", c.get("sub"), "the device's serial number");
        Checks.check(StrictJson.isLong(c.get("iat")), "iat", c.get("iat"), "an integer");
        Checks.check(c.get("ear_status") instanceof String, "ear_status", c.get("ear_status"), "a tier");
        Map<?, ?> device = c.get("submods") instanceof Map<?, ?> s && s.get(SUBMOD) instanceof Map<?, ?> d ? d : null;
        Checks.check(device != null, "submods", "no " + SUBMOD, "an appraisal labelled " + SUBMOD);
        Map<?, ?> vector = device.get("ear_trustworthiness_vector") instanceof Map<?, ?> v ? v : Map.of();
        for (Object v : vector.values()) {
            Checks.check(v instanceof BigInteger b && b.bitLength() < 8, "trustworthiness claim", v, "-128..127");
        }
        List<Finding> findings = new ArrayList<>();
        if (device.get("hallmark") instanceof Map<?, ?> h && h.get("findings") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m
                        && m.get("id") instanceof String id
                        && m.get("severity") instanceof String sev) {
                    findings.add(new Finding(
                            id,
                            Finding.Severity.fromWire(sev),
                            m.get("expected") instanceof String e ? e : "",
                            m.get("actual") instanceof String a ? a : ""));
                }
            }
        }
        return new Result(
                (String) c.get("sub"),
                Instant.ofEpochSecond(((BigInteger) c.get("iat")).longValue()),
                Tier.fromWire((String) c.get("ear_status")),
                TrustVector.fromJson(vector),
                Optional.ofNullable(device.get("eat_nonce") instanceof String n ? n : null),
                findings);
    }
}
