package io.hallmark.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.util.Set;

/**
 * Compact JWS (RFC 7515) signing with a key that stays in its vault, and verification against a known key.
 *
 * <p>Signing goes through a {@link DerSigner}, so the private key never leaves its custodian; the DER ECDSA signature
 * it returns is transcoded to the fixed-length form JWS requires (RFC 7518 §3.4). Verification accepts only the
 * algorithm the caller expects (never {@code none}, never an HMAC) and refuses signatures of the wrong length.
 */
public final class Jws {
    private Jws() {}

    /** Signs data with a key held elsewhere and returns a DER-encoded ECDSA signature. */
    @FunctionalInterface
    public interface DerSigner {
        /** DER ECDSA signature of {@code data} with the hash the algorithm names (e.g. SHA256withECDSA). */
        byte[] signDer(byte[] data);
    }

    /** Signs {@code payload} as a compact JWS with ES256 (P-256) or ES384 (P-384). */
    public static String sign(JWSHeader header, byte[] payload, DerSigner signer) {
        JWSObject jws = new JWSObject(header, new Payload(payload));
        try {
            jws.sign(new VaultSigner(header.getAlgorithm(), signer));
        } catch (JOSEException e) {
            throw new IllegalStateException("JWS signing failed", e);
        }
        return jws.serialize();
    }

    /**
     * Verifies a compact JWS with {@code key} and the one algorithm {@code expected}; returns the parsed object.
     *
     * @throws UntrustedInputException when the text is not a JWS, names another algorithm, or the signature fails
     */
    public static JWSObject verify(String compact, PublicKey key, JWSAlgorithm expected) {
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact);
        } catch (ParseException e) {
            throw new UntrustedInputException("JWS: not a compact serialization", e);
        }
        if (!expected.equals(jws.getHeader().getAlgorithm())) {
            throw new UntrustedInputException(
                    "JWS: alg " + jws.getHeader().getAlgorithm() + " (expected: " + expected + ")");
        }
        if (!(key instanceof ECPublicKey ec)) {
            throw new IllegalArgumentException("key: " + key.getAlgorithm() + " (expected: EC)");
        }
        try {
            int expectedLength = ECDSA.getSignatureByteArrayLength(expected);
            if (jws.getSignature().decode().length != expectedLength) {
                throw new UntrustedInputException("JWS: signature length (expected: " + expectedLength + " bytes)");
            }
            JWSVerifier verifier = new ECDSAVerifier(ec);
            if (!jws.verify(verifier)) {
                throw new UntrustedInputException("JWS: signature does not verify");
            }
        } catch (JOSEException e) {
            throw new UntrustedInputException("JWS: signature cannot be checked", e);
        }
        return jws;
    }

    /**
     * The public key of a JWK (RFC 7517) meant for verifying signatures: an EC key whose {@code use}, when present, is
     * {@code sig} (§4.2) and whose {@code key_ops}, when present, include {@code verify} (§4.3).
     *
     * @throws UntrustedInputException when the JWK is malformed, not EC, or meant for something else
     */
    public static PublicKey verificationKey(String jwkJson) {
        JWK jwk;
        try {
            jwk = JWK.parse(jwkJson);
        } catch (ParseException e) {
            throw new UntrustedInputException("JWK: malformed", e);
        }
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            throw new UntrustedInputException("JWK: use " + jwk.getKeyUse().identifier() + " (expected: sig)");
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            throw new UntrustedInputException("JWK: key_ops without verify");
        }
        if (!(jwk instanceof ECKey ec)) {
            throw new UntrustedInputException("JWK: kty " + jwk.getKeyType() + " (expected: EC)");
        }
        try {
            return ec.toECPublicKey();
        } catch (JOSEException e) {
            throw new UntrustedInputException("JWK: not a valid EC public key", e);
        }
    }

    private record VaultSigner(JWSAlgorithm alg, DerSigner signer) implements JWSSigner {
        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            byte[] der = signer.signDer(signingInput);
            return Base64URL.encode(ECDSA.transcodeSignatureToConcat(der, ECDSA.getSignatureByteArrayLength(alg)));
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(alg);
        }

        @Override
        public JCAContext getJCAContext() {
            return new JCAContext();
        }
    }
}
