package io.hallmark.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed certificate a key entry carries until its real chain is set (PKCS#12 and PKCS#11 key stores hold a
 * private key only together with a certificate chain).
 *
 * <p>Recognisable by its common name, valid for one day only, and never handed out: a vault reports an empty chain
 * for a key that still carries it. Every placeholder has its own subject (the common name plus a random serialNumber
 * attribute) and serial number: the JDK's PKCS#11 key store finds a chain's certificates by issuer and keeps a
 * self-signed certificate that other certificates name as issuer, so identical placeholders would survive
 * {@code setCertificateChain} next to the real chain. The older fixed-subject form is still recognised.
 */
final class PlaceholderCertificate {
    private static final String COMMON_NAME = "Hallmark vault placeholder";
    private static final Duration VALIDITY = Duration.ofDays(1);

    private PlaceholderCertificate() {}

    static X509Certificate create(
            PublicKey publicKey,
            PrivateKey privateKey,
            String signatureAlgorithm,
            Provider signer,
            Instant now,
            SecureRandom random) {
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
        byte[] unique = new byte[16];
        random.nextBytes(unique);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, COMMON_NAME)
                .addRDN(BCStyle.SERIALNUMBER, HexFormat.of().formatHex(unique))
                .build();
        try {
            var builder = new JcaX509v1CertificateBuilder(
                    subject,
                    new BigInteger(1, unique),
                    Date.from(notBefore),
                    Date.from(notBefore.plus(VALIDITY)),
                    subject,
                    publicKey);
            JcaContentSignerBuilder signerBuilder = new JcaContentSignerBuilder(signatureAlgorithm);
            if (signer != null) {
                signerBuilder.setProvider(signer);
            }
            var contentSigner = signerBuilder.build(privateKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("vault: cannot make the placeholder certificate", e);
        }
    }

    /** A placeholder signed by a key pair held in memory (the PKCS#12 vault). */
    static X509Certificate create(java.security.KeyPair keyPair, String signatureAlgorithm, Instant now) {
        return create(keyPair.getPublic(), keyPair.getPrivate(), signatureAlgorithm, null, now, new SecureRandom());
    }

    /** Whether {@code chain} is only a placeholder, that is no chain has been set yet. */
    static boolean isPlaceholder(List<X509Certificate> chain) {
        if (chain.size() != 1) {
            return false;
        }
        X509Certificate certificate = chain.get(0);
        if (certificate.getVersion() != 1
                || !certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        X500Name subject =
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] names = subject.getRDNs(BCStyle.CN);
        if (subject.getRDNs().length == 1 && names.length == 1) {
            // the fixed-subject form of vaults written before placeholders became unique
            return COMMON_NAME.equals(names[0].getFirst().getValue().toString());
        }
        return subject.getRDNs().length == 2
                && names.length == 1
                && COMMON_NAME.equals(names[0].getFirst().getValue().toString())
                && subject.getRDNs(BCStyle.SERIALNUMBER).length == 1;
    }
}
