package io.hallmark.protocol.attestation;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * ECDSA verification of a JWS signature in its fixed-length form (RFC 7518 §3.4: {@code R || S}) with BouncyCastle's
 * lightweight signer, which refuses {@code r} or {@code s} outside {@code [1, n-1]} (SEC 1 §4.1.4 step 1). The caller
 * has checked the length already.
 */
final class EcdsaVerification {
    private EcdsaVerification() {}

    /** Whether {@code signature} ({@code R || S}) verifies over {@code input} hashed with {@code digest}. */
    static boolean verify(ECPublicKey key, String digest, byte[] input, byte[] signature) {
        try {
            ECPublicKeyParameters params = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key);
            int half = signature.length / 2;
            BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, half));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, half, signature.length));
            byte[] hash = MessageDigest.getInstance(digest).digest(input);
            ECDSASigner signer = new ECDSASigner();
            signer.init(false, params);
            return signer.verifySignature(hash, r, s);
        } catch (InvalidKeyException | NoSuchAlgorithmException | RuntimeException e) {
            return false;
        }
    }
}
