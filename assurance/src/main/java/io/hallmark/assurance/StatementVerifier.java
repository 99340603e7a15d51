package io.hallmark.assurance;

/**
 * Verifies a signed statement of a profile: the manufacturer's declaration (L2), an assessor organization's review
 * (L3), a certification body's certificate (L4). Pure: bytes in, verdict out.
 *
 * <p>The default, {@link #jwsEs256()}, accepts a compact JWS (RFC 7515) signed with ES256 and a JWK (RFC 7517) of the
 * signer. A deployment that knows its assessors and certification bodies plugs in a verifier that ignores the key
 * the profile offers and uses the one it trusts for that role.
 */
@FunctionalInterface
public interface StatementVerifier {

    /** Who signs a statement. */
    enum Role {
        /** The manufacturer, signing its declaration. */
        MANUFACTURER,
        /** An assessor organization, signing its review. */
        ASSESSOR,
        /** A certification body, signing its certificate. */
        CERTIFICATION_BODY
    }

    /**
     * The verdict on one statement.
     *
     * @param valid whether the signature verifies
     * @param payload the signed payload (JSON), empty when not valid
     * @param reason why it is not valid, empty when valid
     */
    record Verdict(boolean valid, byte[] payload, String reason) {
        /** A valid signature over {@code payload}. */
        public static Verdict valid(byte[] payload) {
            return new Verdict(true, payload.clone(), "");
        }

        /** A refused signature, with the reason. */
        public static Verdict invalid(String reason) {
            return new Verdict(false, new byte[0], reason);
        }
    }

    /**
     * Verifies {@code signature} by {@code signer} in {@code role}.
     *
     * @param role the role the profile gives the signer
     * @param signer the signer's name as the profile states it
     * @param signature the signature file's bytes
     * @param key the key file's bytes the profile offers, possibly ignored by a verifier with its own trust
     */
    Verdict verify(Role role, String signer, byte[] signature, byte[] key);

    /** Compact JWS with ES256, verified with the JWK the profile offers ({@link io.hallmark.core.Jws}). */
    static StatementVerifier jwsEs256() {
        return new JwsStatementVerifier();
    }
}
