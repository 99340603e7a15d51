package io.hallmark.keys;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Data, certificates and signature checks shared by the vault tests. */
final class VaultFixtures {
    static final byte[] DATA = "to be signed".getBytes(StandardCharsets.UTF_8);

    private VaultFixtures() {}

    /** Whether {@code verifier} accepts {@code signature} over {@link #DATA} by {@code key}. */
    static boolean verifies(Signature verifier, PublicKey key, byte[] signature) throws Exception {
        verifier.initVerify(key);
        verifier.update(DATA);
        return verifier.verify(signature);
    }

    /** A leaf for {@code key} issued by a throwaway CA named {@code caName}, followed by that CA. */
    static List<X509Certificate> chainFor(PublicKey key, String caName) throws Exception {
        KeyPair ca = newP256();
        X509Certificate caCertificate = certificate(caName, ca.getPublic(), caName, ca);
        X509Certificate leaf = certificate("CN=localhost", key, caName, ca);
        return List.of(leaf, caCertificate);
    }

    static X509Certificate selfSigned() throws Exception {
        KeyPair pair = newP256();
        return certificate("CN=Other", pair.getPublic(), "CN=Other", pair);
    }

    static X509Certificate certificate(String subject, PublicKey key, String issuer, KeyPair issuerKeys)
            throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var builder = new JcaX509v3CertificateBuilder(
                new X500Name(issuer),
                BigInteger.valueOf(System.nanoTime()),
                Date.from(now),
                Date.from(now.plusSeconds(3600)),
                new X500Name(subject),
                key);
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    static KeyPair newP256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
