package io.hallmark.protocol.attestation;

import static io.hallmark.protocol.attestation.Finding.Severity.REJECTED;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads evidence: an EAT (RFC 9711) in JWT form (RFC 7519), a compact JWS (RFC 7515 §7.1), strictly and within
 * bounds, for bytes from a device that may be hostile. It never throws for any input: what it refuses comes back as
 * {@link Finding}s of severity {@code rejected}, every one it can see, not only the first.
 *
 * <p>Refused: a token over {@value #MAX_TOKEN_CHARS} characters; anything but three unpadded base64url parts whose
 * first two are JSON objects; duplicate member names (RFC 7519 §4); more than {@value #MAX_CLAIMS} claims or {@value
 * #MAX_MEASUREMENTS} measurements; a header without {@code alg} or with an {@code alg} outside ES256, ES384 and EdDSA
 * ({@code none} and HMAC never: RFC 8725 §3.1, §3.2); a header with {@code crit}, an embedded or remote key ({@code
 * jwk}, {@code jku}, {@code x5c}, {@code x5u}) or without {@code x5t#S256}; claims of the wrong type or size. The
 * signature is not checked here: that is the {@link Appraiser}'s first step.
 */
public final class EvidenceParser {
    /** The longest token taken, characters (16 KiB). */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    /** The most claims a token may carry. */
    public static final int MAX_CLAIMS = 32;
    /** The most entries of {@code measurements}. */
    public static final int MAX_MEASUREMENTS = 16;
    /** The CoAP content format of a measurement (RFC 7252 §12.3: 50, application/json). */
    public static final int MEASUREMENT_CONTENT_FORMAT = 50;
    /** The algorithms taken (RFC 7518 §3.1, RFC 8037 §3.1). */
    public static final Set<String> ALGORITHMS = Set.of("ES256", "ES384", "EdDSA");

    private static final Set<String> HEADER_MEMBERS = Set.of("alg", "typ", "kid", "x5t#S256");
    private static final Set<String> REQUIRED =
            Set.of("eat_nonce", "ueid", "swname", "swversion", "dbgstat", "oemboot", "measurements", "iat");

    /**
     * What was read from a token.
     *
     * @param evidence the claims, present only when there are no findings
     * @param signingInput the JWS signing input (RFC 7515 §5.2 step 8): ASCII of {@code header.payload}
     * @param signature the decoded signature
     * @param findings every refusal, empty when the token is well formed
     */
    public record Parsed(Optional<Evidence> evidence, byte[] signingInput, byte[] signature, List<Finding> findings) {
        /** Copies the lists. */
        public Parsed {
            findings = List.copyOf(findings);
        }
    }

    private EvidenceParser() {}

    /** Reads {@code token}; never throws. */
    public static Parsed parse(String token) {
        List<Finding> f = new ArrayList<>();
        if (token == null || token.isEmpty()) {
            return refused(f, Finding.TOKEN_MALFORMED, "a compact JWS", "empty");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            return refused(f, Finding.TOKEN_OVERSIZED, "<= " + MAX_TOKEN_CHARS + " characters", token.length());
        }
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot1 <= 0 || dot2 <= dot1 + 1 || token.indexOf('.', dot2 + 1) >= 0) {
            return refused(f, Finding.TOKEN_MALFORMED, "three base64url parts", "another shape");
        }
        byte[] headerBytes = Base64Url.decode(token.substring(0, dot1));
        byte[] payloadBytes = Base64Url.decode(token.substring(dot1 + 1, dot2));
        byte[] signature = Base64Url.decode(token.substring(dot2 + 1));
        if (headerBytes == null || payloadBytes == null || signature == null) {
            return refused(f, Finding.TOKEN_MALFORMED, "unpadded base64url (RFC 7515 §2)", "other characters");
        }
        byte[] signingInput = token.substring(0, dot2).getBytes(StandardCharsets.US_ASCII);
        Map<String, Object> header = object(headerBytes, "header", f);
        Map<String, Object> claims = object(payloadBytes, "claims", f);
        String alg = header == null ? null : header(header, f);
        byte[] x5t = header == null ? null : thumbprint(header, f);
        if (claims != null && claims.size() > MAX_CLAIMS) {
            f.add(Finding.of(Finding.CLAIMS_TOO_MANY, REJECTED, "<= " + MAX_CLAIMS + " claims", claims.size()));
        }
        Evidence evidence = null;
        if (claims != null && f.isEmpty()) {
            evidence = new ClaimReader(claims, f).read(alg, x5t);
        }
        return new Parsed(f.isEmpty() ? Optional.ofNullable(evidence) : Optional.empty(), signingInput, signature, f);
    }

    private static Parsed refused(List<Finding> f, String id, Object expected, Object actual) {
        f.add(Finding.of(id, REJECTED, expected, actual));
        return new Parsed(Optional.empty(), new byte[0], new byte[0], f);
    }

    private static Map<String, Object> object(byte[] json, String part, List<Finding> f) {
        try {
            return StrictJson.readObject(json);
        } catch (StrictJson.Refused e) {
            switch (e.reason) {
                case StrictJson.DUPLICATE ->
                    f.add(Finding.of(
                            Finding.CLAIM_DUPLICATE,
                            REJECTED,
                            "each member once (RFC 7519 §4)",
                            part + " " + e.getMessage()));
                case StrictJson.TOO_MANY ->
                    f.add(Finding.of(Finding.CLAIMS_TOO_MANY, REJECTED, "<= " + MAX_CLAIMS + " claims", part));
                default -> f.add(Finding.of(Finding.TOKEN_MALFORMED, REJECTED, "a JSON object", part + " malformed"));
            }
            return null;
        }
    }

    /** Checks the JOSE header (RFC 7515 §4.1) and returns {@code alg}, or null with findings. */
    private static String header(Map<String, Object> header, List<Finding> f) {
        for (String name : header.keySet()) {
            if (!HEADER_MEMBERS.contains(name)) {
                // crit (§4.1.11) names extensions we do not understand; jwk/jku/x5c/x5u would let the token
                // choose its own key (RFC 8725 §3.10): the key comes from the device's certificates only
                f.add(Finding.of(Finding.HEADER_INVALID, REJECTED, "alg, typ, kid, x5t#S256 only", name));
            }
        }
        Object typ = header.get("typ");
        if (typ != null && !"JWT".equals(typ) && !"eat+jwt".equals(typ)) {
            f.add(Finding.of(Finding.HEADER_INVALID, REJECTED, "typ JWT or eat+jwt", "typ " + typ));
        }
        Object kid = header.get("kid");
        if (kid != null && !(kid instanceof String s && s.length() <= 128)) {
            f.add(Finding.of(Finding.HEADER_INVALID, REJECTED, "kid a string of <= 128 characters", "kid"));
        }
        Object alg = header.get("alg");
        if (alg == null) {
            f.add(Finding.of(Finding.ALG_MISSING, REJECTED, ALGORITHMS, "no alg"));
            return null;
        }
        if (!(alg instanceof String a) || !ALGORITHMS.contains(a)) {
            f.add(Finding.of(Finding.ALG_REFUSED, REJECTED, "ES256, ES384 or EdDSA", describe(alg)));
            return null;
        }
        return a;
    }

    private static byte[] thumbprint(Map<String, Object> header, List<Finding> f) {
        Object x5t = header.get("x5t#S256");
        byte[] d = x5t instanceof String s ? Base64Url.decode(s) : null;
        if (d == null || d.length != 32) {
            f.add(Finding.of(
                    Finding.HEADER_INVALID, REJECTED, "x5t#S256: base64url SHA-256 of the certificate", "x5t#S256"));
            return null;
        }
        return d;
    }

    static String describe(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v == StrictJson.NULL) {
            return "null";
        }
        return v instanceof Map ? "an object" : v instanceof List ? "an array" : String.valueOf(v);
    }

    /** The claims of RFC 9711 this profile takes, read one by one, every problem collected. */
    private static final class ClaimReader {
        private final Map<String, Object> c;
        private final List<Finding> f;

        ClaimReader(Map<String, Object> claims, List<Finding> findings) {
            this.c = claims;
            this.f = findings;
        }

        Evidence read(String alg, byte[] x5t) {
            for (String r : REQUIRED.stream().sorted().toList()) {
                if (!c.containsKey(r)) {
                    f.add(Finding.of(Finding.CLAIM_MISSING, REJECTED, r, "absent"));
                }
            }
            // the claims present are read even when others are missing: every problem is reported at once
            String nonce = nonce();
            byte[] ueid = ueid();
            Optional<String> oemid = oemid();
            Optional<String> hwmodel = hwmodel();
            String swname = text("swname", 1, 128);
            String swversion = swversion();
            DebugStatus dbgstat = dbgstat();
            Boolean oemboot = c.get("oemboot") instanceof Boolean b ? b : null;
            if (oemboot == null) {
                invalid("oemboot", "true or false");
            }
            List<Measurement> measurements = measurements();
            long iat = iat();
            if (!f.isEmpty()) {
                return null;
            }
            return new Evidence(
                    alg, x5t, nonce, ueid, oemid, hwmodel, swname, swversion, dbgstat, oemboot, measurements, iat);
        }

        private void invalid(String claim, String rule) {
            if (!c.containsKey(claim) && !claim.startsWith("measurements[")) {
                return; // reported as missing
            }
            f.add(Finding.of(Finding.CLAIM_INVALID, REJECTED, claim + ": " + rule, claim));
        }

        private String text(String claim, int min, int max) {
            if (c.get(claim) instanceof String s && s.length() >= min && s.length() <= max) {
                return s;
            }
            invalid(claim, "text of " + min + ".." + max + " characters");
            return null;
        }

        /** §4.1: 8..64 bytes, base64url in JSON; one nonce only in this profile. */
        private String nonce() {
            String s = c.get("eat_nonce") instanceof String t ? t : null;
            byte[] d = s == null ? null : Base64Url.decode(s);
            if (d == null || d.length < 8 || d.length > 64) {
                invalid("eat_nonce", "one base64url nonce of 8..64 bytes (RFC 9711 §4.1)");
                return null;
            }
            return s;
        }

        /** §4.2.1: 7..33 bytes, the first the type (0x01 RAND, 0x02 IEEE EUI, 0x03 IMEI). */
        private byte[] ueid() {
            byte[] d = c.get("ueid") instanceof String t ? Base64Url.decode(t) : null;
            if (d == null || d.length < 7 || d.length > 33 || d[0] < 1 || d[0] > 3) {
                invalid("ueid", "base64url of 7..33 bytes, type 0x01..0x03 (RFC 9711 §4.2.1)");
                return null;
            }
            return d;
        }

        /** §4.2.3: a 3-byte IEEE OUI or 16 random bytes (base64url), or an IANA PEN (integer). */
        private Optional<String> oemid() {
            Object v = c.get("oemid");
            if (v == null) {
                return Optional.empty();
            }
            if (v instanceof String s) {
                byte[] d = Base64Url.decode(s);
                if (d != null && (d.length == 3 || d.length == 16)) {
                    return Optional.of(s);
                }
            } else if (v instanceof BigInteger b && b.signum() >= 0 && b.bitLength() <= 32) {
                return Optional.of(b.toString());
            }
            invalid("oemid", "base64url of 3 or 16 bytes, or a PEN (RFC 9711 §4.2.3)");
            return Optional.empty();
        }

        /** §4.2.4: 1..32 bytes, base64url; this profile puts the product model's UTF-8 in them. */
        private Optional<String> hwmodel() {
            Object v = c.get("hwmodel");
            if (v == null) {
                return Optional.empty();
            }
            byte[] d = v instanceof String s ? Base64Url.decode(s) : null;
            if (d == null || d.length < 1 || d.length > 32) {
                invalid("hwmodel", "base64url of 1..32 bytes (RFC 9711 §4.2.4)");
                return Optional.empty();
            }
            return Optional.of(new String(d, StandardCharsets.UTF_8));
        }

        /** §4.2.7: [version, ? scheme]. */
        private String swversion() {
            if (c.get("swversion") instanceof List<?> l
                    && !l.isEmpty()
                    && l.size() <= 2
                    && l.get(0) instanceof String v
                    && !v.isEmpty()
                    && v.length() <= 64
                    && (l.size() == 1 || StrictJson.isLong(l.get(1)))) {
                return v;
            }
            invalid("swversion", "[version, ? scheme] (RFC 9711 §4.2.7)");
            return null;
        }

        private DebugStatus dbgstat() {
            DebugStatus s = c.get("dbgstat") instanceof String t ? DebugStatus.fromWire(t) : null;
            if (s == null) {
                invalid("dbgstat", "one of the five states of RFC 9711 §4.2.9");
            }
            return s;
        }

        /** §4.3.1: an integer number of seconds (no fraction). */
        private long iat() {
            Object v = c.get("iat");
            if (StrictJson.isLong(v) && ((BigInteger) v).signum() >= 0) {
                return ((BigInteger) v).longValueExact();
            }
            invalid("iat", "an integer NumericDate (RFC 9711 §4.3.1)");
            return 0;
        }

        /**
         * §4.2.16: {@code [+ [content-type, content]]}; here each entry is {@code [50, base64url(JSON)]}, the JSON
         * {@code {"name": component, "digest": [alg, base64url(digest)]}}, one entry per component.
         */
        private List<Measurement> measurements() {
            if (!(c.get("measurements") instanceof List<?> l) || l.isEmpty()) {
                invalid("measurements", "a non-empty array (RFC 9711 §4.2.16)");
                return List.of();
            }
            if (l.size() > MAX_MEASUREMENTS) {
                f.add(Finding.of(
                        Finding.CLAIMS_TOO_MANY, REJECTED, "<= " + MAX_MEASUREMENTS + " measurements", l.size()));
                return List.of();
            }
            List<Measurement> out = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < l.size(); i++) {
                Measurement m = measurement(l.get(i), i);
                if (m != null && !names.add(m.component())) {
                    invalid("measurements[" + i + "]", "each component once");
                } else if (m != null) {
                    out.add(m);
                }
            }
            return out;
        }

        private Measurement measurement(Object entry, int i) {
            String claim = "measurements[" + i + "]";
            if (!(entry instanceof List<?> pair)
                    || pair.size() != 2
                    || !(pair.get(0) instanceof BigInteger type)
                    || type.intValue() != MEASUREMENT_CONTENT_FORMAT
                    || type.bitLength() > 16
                    || !(pair.get(1) instanceof String content)) {
                invalid(claim, "[50, base64url(JSON)]");
                return null;
            }
            byte[] json = Base64Url.decode(content);
            Map<String, Object> m;
            try {
                m = json == null ? null : StrictJson.readObject(json);
            } catch (StrictJson.Refused e) {
                m = null;
            }
            if (m == null
                    || m.size() != 2
                    || !(m.get("name") instanceof String name)
                    || !name.matches("[A-Za-z0-9._-]{1,64}")
                    || !(m.get("digest") instanceof List<?> digest)
                    || digest.size() != 2
                    || !(digest.get(0) instanceof String alg)
                    || Measurement.digestLength(alg) < 0
                    || !(digest.get(1) instanceof String value)) {
                invalid(claim, "{\"name\": component, \"digest\": [sha-256 or sha-384, base64url]}");
                return null;
            }
            byte[] d = Base64Url.decode(value);
            if (d == null || d.length != Measurement.digestLength(alg)) {
                invalid(claim, alg + " digest of " + Measurement.digestLength(alg) + " bytes");
                return null;
            }
            return new Measurement(name, alg, d);
        }
    }
}
