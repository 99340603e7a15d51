package io.hallmark.server.fleetaudit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for the audit's tests, signed by a throw-away P-256 key. */
final class TestCertificates {
    private static final KeyPair SIGNER = TestKeys.keyPair("EC", "secp256r1");

    private TestCertificates() {}

    static X509Certificate of(PublicKey subjectKey, String cn, Instant notBefore, Instant notAfter) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(new JcaX509v3CertificateBuilder(
                                    new X500Name("CN=Test CA"),
                                    BigInteger.valueOf(notBefore.toEpochMilli()),
                                    Date.from(notBefore),
                                    Date.from(notAfter),
                                    new X500Name("CN=" + cn),
                                    subjectKey)
                            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(SIGNER.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
