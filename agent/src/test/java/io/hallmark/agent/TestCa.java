package io.hallmark.agent;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority minted per test (EC P-256): its own certificate, and leaves it signs. */
final class TestCa {
    private static final AtomicLong SERIALS = new AtomicLong(1);

    final KeyPair keys;
    final X509Certificate certificate;

    TestCa(String name) {
        keys = IdentityStore.generateP256();
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        certificate = sign(
                new JcaX509v3CertificateBuilder(
                        subject,
                        BigInteger.valueOf(SERIALS.getAndIncrement()),
                        Date.from(now.minus(Duration.ofDays(1))),
                        Date.from(now.plus(Duration.ofDays(3650))),
                        subject,
                        keys.getPublic()),
                true,
                null);
    }

    /** A leaf for {@code key} naming {@code subject}, valid from {@code notBefore} for {@code validity}. */
    X509Certificate issue(PublicKey key, String subject, Instant notBefore, Duration validity) {
        return sign(
                new JcaX509v3CertificateBuilder(
                        X500Name.getInstance(
                                certificate.getSubjectX500Principal().getEncoded()),
                        BigInteger.valueOf(SERIALS.getAndIncrement()),
                        Date.from(notBefore),
                        Date.from(notBefore.plus(validity)),
                        new X500Name(subject),
                        key),
                false,
                null);
    }

    /** A TLS server certificate for 127.0.0.1. */
    X509Certificate issueServer(PublicKey key) {
        Instant now = Instant.now();
        return sign(
                new JcaX509v3CertificateBuilder(
                        X500Name.getInstance(
                                certificate.getSubjectX500Principal().getEncoded()),
                        BigInteger.valueOf(SERIALS.getAndIncrement()),
                        Date.from(now.minus(Duration.ofDays(1))),
                        Date.from(now.plus(Duration.ofDays(30))),
                        new X500Name("CN=127.0.0.1"),
                        key),
                false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, boolean ca, GeneralNames names) {
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, names);
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
