package io.hallmark.protocol.attestation;

import io.hallmark.core.CanonicalJson;
import io.hallmark.core.Checks;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes evidence as an attester does: the claims of {@code docs/protocol/attestation.md} as a JWT signed with the
 * device's attestation key (ES256 for P-256, ES384 for P-384, EdDSA for Ed25519), with {@code x5t#S256} naming the
 * certificate of that key. Used by the agent, the simulator and the tests.
 */
public final class EvidenceWriter {
    /**
     * The claims an attester reports.
     *
     * @param nonce the nonce the verifier issued (base64url text)
     * @param serial the device's serial number (its {@code ueid} is derived from it)
     * @param hwmodel the product model, if any
     * @param iat when the evidence was made, seconds since the epoch
     */
    public record Claims(
            String nonce,
            String serial,
            Optional<String> hwmodel,
            String swname,
            String swversion,
            DebugStatus dbgstat,
            boolean oemboot,
            List<Measurement> measurements,
            long iat) {
        /** Copies the list. */
        public Claims {
            measurements = List.copyOf(measurements);
        }
    }

    private EvidenceWriter() {}

    /** The claims as the JSON members of the token, in a fixed order. */
    public static Map<String, Object> claims(Claims c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eat_nonce", c.nonce());
        m.put("ueid", Ueid.text(c.serial()));
        c.hwmodel().ifPresent(h -> m.put("hwmodel", Base64Url.encode(h.getBytes(StandardCharsets.UTF_8))));
        m.put("swname", c.swname());
        m.put("swversion", List.of(c.swversion()));
        m.put("dbgstat", c.dbgstat().wire());
        m.put("oemboot", c.oemboot());
        List<Object> ms = new ArrayList<>();
        for (Measurement x : c.measurements()) {
            ms.add(List.of(EvidenceParser.MEASUREMENT_CONTENT_FORMAT, measurementContent(x)));
        }
        m.put("measurements", ms);
        m.put("iat", c.iat());
        return m;
    }

    /** The content of one {@code measurements} entry: base64url of {@code {"name":..,"digest":[alg, b64url]}}. */
    public static String measurementContent(Measurement m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", m.component());
        json.put("digest", List.of(m.alg(), Base64Url.encode(m.digest())));
        return Base64Url.encode(CanonicalJson.write(json).getBytes(StandardCharsets.UTF_8));
    }

    /** Signs {@code claims} into a compact JWT with {@code key}, naming {@code certificate} in {@code x5t#S256}. */
    public static String sign(Map<String, Object> claims, PrivateKey key, X509Certificate certificate) {
        Checks.notNull(claims, "claims");
        String alg = Appraiser.jcaAlgorithm("ES256", certificate.getPublicKey()) != null
                ? "ES256"
                : Appraiser.jcaAlgorithm("ES384", certificate.getPublicKey()) != null ? "ES384" : "EdDSA";
        return sign(claims, key, alg, thumbprint(certificate));
    }

    /** Signs {@code claims} with {@code alg} and any {@code x5t#S256}: for tests of what a verifier must refuse. */
    public static String sign(Map<String, Object> claims, PrivateKey key, String alg, byte[] x5tS256) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "eat+jwt");
        header.put("x5t#S256", Base64Url.encode(x5tS256));
        String input = Base64Url.encode(json(header)) + "." + Base64Url.encode(json(claims));
        String jca =
                switch (alg) {
                    case "ES256" -> "SHA256withECDSAinP1363Format";
                    case "ES384" -> "SHA384withECDSAinP1363Format";
                    case "EdDSA" -> "Ed25519";
                    default -> throw new IllegalArgumentException("alg: " + alg + " (expected: ES256, ES384 or EdDSA)");
                };
        try {
            Signature s = Signature.getInstance(jca);
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64Url.encode(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("key: cannot sign " + alg, e);
        }
    }

    /** SHA-256 of the certificate's DER, the value of {@code x5t#S256} (RFC 7515 §4.1.8). */
    public static byte[] thumbprint(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("certificate: not encodable", e);
        }
    }

    private static byte[] json(Map<String, Object> m) {
        return CanonicalJson.write(m).getBytes(StandardCharsets.UTF_8);
    }
}
