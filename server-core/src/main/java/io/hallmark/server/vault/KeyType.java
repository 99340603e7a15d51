package io.hallmark.server.vault;

/** The key types Hallmark makes; P-256 is the default everywhere. */
public enum KeyType {
    /** ECDSA on NIST P-256 (secp256r1), signatures SHA256withECDSA / JWS ES256. */
    EC_P256("secp256r1", "SHA256withECDSA"),
    /** ECDSA on NIST P-384 (secp384r1), signatures SHA384withECDSA / JWS ES384. */
    EC_P384("secp384r1", "SHA384withECDSA"),
    /** Ed25519 (RFC 8032); not available in HSMs through SunPKCS11. */
    ED25519("Ed25519", "Ed25519");

    private final String curve;
    private final String signatureAlgorithm;

    KeyType(String curve, String signatureAlgorithm) {
        this.curve = curve;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The JCA curve name. */
    public String curve() {
        return curve;
    }

    /** The JCA signature algorithm used with this key type. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }
}
