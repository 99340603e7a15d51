package io.hallmark.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed certificate a PKCS#12 key entry carries until its real chain is set.
 *
 * <p>PKCS#12 stores a private key together with a certificate chain, so a freshly generated key needs some
 * certificate. This one is recognisable by its fixed subject, is valid for one day only, and is never handed out:
 * the vault reports an empty chain for a key that still carries it.
 */
final class PlaceholderCertificate {
    static final X500Name SUBJECT = new X500Name("CN=Hallmark vault placeholder");
    private static final Duration VALIDITY = Duration.ofDays(1);

    private PlaceholderCertificate() {}

    static X509Certificate create(KeyPair keyPair, String signatureAlgorithm, Instant now) {
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
        try {
            var builder = new JcaX509v1CertificateBuilder(
                    SUBJECT,
                    BigInteger.ONE,
                    Date.from(notBefore),
                    Date.from(notBefore.plus(VALIDITY)),
                    SUBJECT,
                    keyPair.getPublic());
            var signer = new JcaContentSignerBuilder(signatureAlgorithm).build(keyPair.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("vault: cannot make the placeholder certificate", e);
        }
    }

    /** Whether {@code chain} is only a placeholder, that is no chain has been set yet. */
    static boolean isPlaceholder(List<X509Certificate> chain) {
        if (chain.size() != 1) {
            return false;
        }
        X509Certificate certificate = chain.get(0);
        return certificate.getVersion() == 1
                && SUBJECT.equals(X500Name.getInstance(
                        certificate.getSubjectX500Principal().getEncoded()))
                && certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }
}
