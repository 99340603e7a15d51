package io.hallmark.server.fleetaudit;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Random;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Keys for the key checks, made per test run. */
final class TestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {}

    static PublicKey rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, RANDOM);
            return g.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static PublicKey ec(String curve) {
        return keyPair("EC", curve).getPublic();
    }

    static KeyPair keyPair(String algorithm, String curve) {
        try {
            KeyPairGenerator g = curve.startsWith("brainpool") || curve.equals("secp256k1")
                    ? KeyPairGenerator.getInstance(algorithm, new BouncyCastleProvider())
                    : KeyPairGenerator.getInstance(algorithm);
            if (curve.isEmpty()) {
                return g.generateKeyPair();
            }
            g.initialize(new ECGenParameterSpec(curve), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static PublicKey ed25519() {
        return keyPair("Ed25519", "").getPublic();
    }

    /**
     * An RSA public key whose primes have the structure of the ROCA paper (Nemec et al., CCS 2017, §2.3): {@code p =
     * k * M + (65537^a mod M)} with {@code M} the primorial of the primes up to 167, the primes the published
     * detection tests. The affected library's {@code M} is a larger primorial, a multiple of this one, so its
     * residues modulo these primes are of the same kind.
     */
    static PublicKey rocaStructured(long seed) {
        Random random = new Random(seed);
        BigInteger m = BigInteger.ONE;
        for (int r = 2; r <= 167; r++) {
            if (BigInteger.valueOf(r).isProbablePrime(50)) {
                m = m.multiply(BigInteger.valueOf(r));
            }
        }
        BigInteger p = structuredPrime(m, random);
        BigInteger q = structuredPrime(m, random);
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(p.multiply(q), BigInteger.valueOf(65537)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger structuredPrime(BigInteger m, Random random) {
        BigInteger g = BigInteger.valueOf(65537);
        while (true) {
            BigInteger k = new BigInteger(1024 - m.bitLength(), random).setBit(1023 - m.bitLength());
            BigInteger a = new BigInteger(64, random);
            BigInteger p = k.multiply(m).add(g.modPow(a, m));
            if (p.isProbablePrime(40)) {
                return p;
            }
        }
    }
}
