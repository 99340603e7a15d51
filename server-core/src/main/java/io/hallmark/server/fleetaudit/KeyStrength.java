package io.hallmark.server.fleetaudit;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Optional;

/**
 * Judges a device's public key from its SubjectPublicKeyInfo: RSA below 2048 bits and EC keys on curves other than
 * P-256, P-384 and P-521 (RFC 5480 §2.1.1.1 names) are weak; RSA moduli with the {@link Roca} fingerprint are broken;
 * Ed25519 and Ed448 (RFC 8410) are fine. Pure and safe for concurrent use.
 */
final class KeyStrength {
    private static final String RSA = "1.2.840.113549.1.1.1";
    private static final String EC = "1.2.840.10045.2.1";
    private static final Map<String, String> GOOD_CURVES = Map.of(
            "1.2.840.10045.3.1.7", "P-256",
            "1.3.132.0.34", "P-384",
            "1.3.132.0.35", "P-521");
    private static final Map<String, String> EDWARDS = Map.of("1.3.101.112", "Ed25519", "1.3.101.113", "Ed448");
    private static final int MIN_RSA_BITS = 2048;

    /**
     * A weakness found in a key.
     *
     * @param actual the key, in words, e.g. {@code RSA 1024 bits}
     */
    record Weakness(AuditCheck check, String expected, String actual) {}

    private KeyStrength() {}

    /**
     * The weakness of the key in {@code spki}, if it has one.
     *
     * @throws IllegalArgumentException when {@code spki} is malformed
     */
    static Optional<Weakness> judge(byte[] spki) {
        String[] alg = Spki.algorithm(spki);
        String oid = alg[0];
        if (EDWARDS.containsKey(oid)) {
            return Optional.empty();
        }
        if (EC.equals(oid)) {
            if (GOOD_CURVES.containsKey(alg[1])) {
                return Optional.empty();
            }
            return Optional.of(new Weakness(
                    AuditCheck.DEVICE_KEY_WEAK,
                    "EC P-256, P-384 or P-521, or Ed25519",
                    "EC on curve " + (alg[1].isEmpty() ? "(explicit parameters)" : alg[1])));
        }
        if (RSA.equals(oid)) {
            BigInteger n = rsaModulus(spki);
            if (Roca.hasFingerprint(n)) {
                return Optional.of(new Weakness(
                        AuditCheck.DEVICE_KEY_ROCA,
                        "an RSA key without the ROCA fingerprint (CVE-2017-15361)",
                        "RSA " + n.bitLength() + " bits with the ROCA fingerprint"));
            }
            if (n.bitLength() < MIN_RSA_BITS) {
                return Optional.of(new Weakness(
                        AuditCheck.DEVICE_KEY_WEAK,
                        "RSA of at least " + MIN_RSA_BITS + " bits",
                        "RSA " + n.bitLength() + " bits"));
            }
            return Optional.empty();
        }
        return Optional.of(new Weakness(
                AuditCheck.DEVICE_KEY_WEAK, "EC P-256, P-384 or P-521, Ed25519 or RSA 2048+", "key algorithm " + oid));
    }

    /**
     * The modulus of the key in {@code spki} when it is an RSA key; empty for any other key.
     *
     * @throws IllegalArgumentException when {@code spki} is malformed
     */
    static Optional<BigInteger> rsaModulusOf(byte[] spki) {
        return RSA.equals(Spki.algorithm(spki)[0]) ? Optional.of(rsaModulus(spki)) : Optional.empty();
    }

    private static BigInteger rsaModulus(byte[] spki) {
        try {
            return ((RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki)))
                    .getModulus();
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("RSA key: malformed", e);
        }
    }
}
