package io.hallmark.protocol.attestation;

import io.hallmark.core.Checks;
import java.util.Locale;

/**
 * One thing the appraisal found, with a stable id (stored and shown: spelled carefully, never renamed), what was
 * expected and what was found (never a secret), and how much it weighs.
 *
 * @param id a stable dotted id, one of the constants here
 * @param severity what it does to the result
 * @param expected the expected value or rule, empty when none applies
 * @param actual the value found, empty when none applies
 */
public record Finding(String id, Severity severity, String expected, String actual) {
    /** The JWT is longer than {@link EvidenceParser#MAX_TOKEN_CHARS}. */
    public static final String TOKEN_OVERSIZED = "attestation.token.oversized";
    /** Not a compact JWS of three base64url parts holding JSON objects (RFC 7515 §7.1). */
    public static final String TOKEN_MALFORMED = "attestation.token.malformed";
    /** A member name appears twice in the header or the claims (RFC 7519 §4). */
    public static final String CLAIM_DUPLICATE = "attestation.claim.duplicate";
    /** More claims than {@link EvidenceParser#MAX_CLAIMS}, or more measurements than allowed. */
    public static final String CLAIMS_TOO_MANY = "attestation.claims.too-many";
    /** A required claim is absent. */
    public static final String CLAIM_MISSING = "attestation.claim.missing";
    /** A claim has the wrong type, syntax or size. */
    public static final String CLAIM_INVALID = "attestation.claim.invalid";
    /** The JOSE header has no {@code alg}. */
    public static final String ALG_MISSING = "attestation.alg.missing";
    /** {@code alg} is not on the allow-list (ES256, ES384, EdDSA): {@code none} and HMAC never are. */
    public static final String ALG_REFUSED = "attestation.alg.refused";
    /** The header carries a parameter this profile refuses ({@code crit}, an embedded or remote key) or a bad one. */
    public static final String HEADER_INVALID = "attestation.header.invalid";
    /** The key named by {@code x5t#S256} does not fit {@code alg} (key confusion). */
    public static final String KEY_ALG_MISMATCH = "attestation.key.alg-mismatch";
    /** No certificate of this device has the thumbprint in {@code x5t#S256}: a foreign key. */
    public static final String KEY_UNBOUND = "attestation.key.unbound";
    /** The certificate does not chain to the device's issuing CA. */
    public static final String CERTIFICATE_CHAIN = "attestation.certificate.chain-invalid";
    /** The certificate is revoked or on hold. */
    public static final String CERTIFICATE_REVOKED = "attestation.certificate.revoked";
    /** The signature is not the length its algorithm fixes (RFC 7518 §3.4: 64 bytes for ES256, 96 for ES384). */
    public static final String SIGNATURE_LENGTH = "attestation.signature.length";
    /** The signature does not verify. */
    public static final String SIGNATURE_INVALID = "attestation.signature.invalid";
    /** {@code eat_nonce} was never issued, or was issued to another device. */
    public static final String NONCE_UNKNOWN = "attestation.nonce.unknown";
    /** {@code eat_nonce} was used before. */
    public static final String NONCE_REPLAYED = "attestation.nonce.replayed";
    /** {@code eat_nonce} is older than the policy allows. */
    public static final String NONCE_EXPIRED = "attestation.nonce.expired";
    /** {@code iat} is older than the policy allows, or before the nonce was issued. */
    public static final String IAT_STALE = "attestation.iat.stale";
    /** {@code iat} lies in the future beyond the allowed clock skew. */
    public static final String IAT_FUTURE = "attestation.iat.future";
    /** {@code ueid} is not the one of the device the certificate names. */
    public static final String UEID_MISMATCH = "attestation.ueid.mismatch";
    /** {@code hwmodel} is not the device's product. */
    public static final String HWMODEL_MISMATCH = "attestation.hwmodel.mismatch";
    /** A component's digest is none of its reference values. */
    public static final String MEASUREMENT_MISMATCH = "attestation.measurement.mismatch";
    /** A measured component has no reference values. */
    public static final String MEASUREMENT_UNKNOWN = "attestation.measurement.unknown-component";
    /** A component with reference values was not measured. */
    public static final String MEASUREMENT_MISSING = "attestation.measurement.missing";
    /** The reference values are those of a release the manufacturer revoked: the device runs revoked firmware. */
    public static final String RELEASE_REVOKED = "attestation.release.revoked";
    /** There are no reference values for this device at all. */
    public static final String REFERENCE_ABSENT = "attestation.reference.absent";
    /** Debug is enabled ({@code dbgstat}, RFC 9711 §4.2.9). */
    public static final String DEBUG_ENABLED = "attestation.debug.enabled";
    /** The boot was not an OEM-authorized one ({@code oemboot} false, RFC 9711 §4.2.8). */
    public static final String BOOT_UNVERIFIED = "attestation.boot.unverified";

    /** What a finding does to the result. */
    public enum Severity {
        /** Recorded; the result is unchanged. */
        INFO,
        /** The result is at most {@code warning}. */
        WARNING,
        /** The result is {@code contraindicated}. */
        CONTRAINDICATED,
        /** The evidence cannot be trusted at all: it is refused and not appraised further. */
        REJECTED;

        /** The name on the wire: lower case. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The severity named {@code wire}. */
        public static Severity fromWire(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /** Checks the components. */
    public Finding {
        Checks.notBlank(id, "id");
        Checks.notNull(severity, "severity");
        expected = expected == null ? "" : clip(expected);
        actual = actual == null ? "" : clip(actual);
    }

    static Finding of(String id, Severity severity, Object expected, Object actual) {
        return new Finding(id, severity, String.valueOf(expected), String.valueOf(actual));
    }

    private static String clip(String s) {
        // findings are stored and shown: a hostile value must not grow them without bound
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
