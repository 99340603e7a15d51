package io.hallmark.bench;

import io.hallmark.server.pki.DeviceProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The reference of the issuance benchmarks: the bare BouncyCastle sign-and-encode loop of a device profile, without
 * Hallmark around it. It builds the certificate {@code OrganizationCa.issue} builds for the IDevID or LDevID profile
 * (the same subject, validity, extensions and revocation pointers, a random 16-byte serial), signs it with
 * {@code JcaContentSignerBuilder("SHA256withECDSA")} and a P-256 key held in memory (the CA key type Hallmark
 * generates), on the JCA provider chosen, and returns the DER. Not safe for concurrent use: one per thread.
 */
final class RawIssuer {
    /** BouncyCastle's provider, not installed in the JVM: passed by instance, as a caller would. */
    static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private final X509Certificate issuer;
    private final KeyPair issuerKey;
    private final JcaContentSignerBuilder signer;
    private final JcaX509ExtensionUtils extensions;
    private final SecureRandom random = new SecureRandom();
    private final URI crl;
    private final URI ocsp;

    /**
     * A raw issuer named like {@code issuer} (the issuing CA whose certificates are compared), with a new P-256 key
     * of its own.
     *
     * @param provider the JCA provider that signs: {@link #BOUNCY_CASTLE}, or {@code null} for the JDK's choice
     *     (SunEC)
     */
    RawIssuer(X509Certificate issuer, String issuerAlias, Provider provider) {
        this.issuer = issuer;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.issuerKey = generator.generateKeyPair();
            this.extensions = new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 in this JVM", e);
        }
        this.signer = new JcaContentSignerBuilder("SHA256withECDSA");
        if (provider != null) {
            signer.setProvider(provider);
        }
        this.crl = URI.create("http://127.0.0.1:8080/crl/" + issuerAlias + ".crl");
        this.ocsp = URI.create("http://127.0.0.1:8080/ocsp");
    }

    /** The DER of an IDevID for {@code subjectKey}, as {@link DeviceProfile.Idevid} lays it out. */
    byte[] idevid(PublicKey subjectKey, String serial, String hardwareType, URI masaUrl) {
        Instant notBefore = notBefore();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.SERIALNUMBER, serial)
                .build();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer,
                serialNumber(),
                Date.from(notBefore),
                Date.from(Instant.parse("9999-12-31T23:59:59Z")),
                subject,
                subjectKey);
        try {
            ASN1Encodable hardwareModuleName = new DERSequence(new ASN1Encodable[] {
                new ASN1ObjectIdentifier(hardwareType), new DEROctetString(serial.getBytes(StandardCharsets.US_ASCII))
            });
            builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(new GeneralName(
                            GeneralName.otherName,
                            new OtherName(
                                    new ASN1ObjectIdentifier(DeviceProfile.HARDWARE_MODULE_NAME_OID),
                                    hardwareModuleName))));
            endEntity(builder, KeyUsage.digitalSignature | KeyUsage.keyAgreement);
            builder.addExtension(
                    new ASN1ObjectIdentifier(DeviceProfile.MASA_URL_OID),
                    false,
                    new DERIA5String(masaUrl.toString(), true));
            return signed(builder, subjectKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The DER of an LDevID for {@code subjectKey}, as {@link DeviceProfile.Ldevid} lays it out (90 days). */
    byte[] ldevid(PublicKey subjectKey, String serial) {
        Instant notBefore = notBefore();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, serial)
                .addRDN(BCStyle.SERIALNUMBER, serial)
                .build();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer,
                serialNumber(),
                Date.from(notBefore),
                Date.from(notBefore.plus(DeviceProfile.DEFAULT_LDEVID_VALIDITY)),
                subject,
                subjectKey);
        try {
            endEntity(builder, KeyUsage.digitalSignature);
            return signed(builder, subjectKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void endEntity(X509v3CertificateBuilder builder, int keyUsage) throws IOException {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    }

    /** Adds what the issuer adds to every device certificate, signs, and encodes. */
    private byte[] signed(X509v3CertificateBuilder builder, PublicKey subjectKey) throws IOException {
        builder.addExtension(
                Extension.authorityKeyIdentifier,
                false,
                extensions.createAuthorityKeyIdentifier(issuer.getPublicKey()));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
        GeneralNames crlName = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crl.toString()));
        builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(new DistributionPointName(crlName), null, null)
        }));
        builder.addExtension(
                Extension.authorityInfoAccess,
                false,
                new AuthorityInformationAccess(new AccessDescription(
                        AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, ocsp.toString()))));
        try {
            return builder.build(signer.build(issuerKey.getPrivate())).getEncoded();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("SHA256withECDSA signer cannot be made", e);
        }
    }

    private static Instant notBefore() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1));
    }

    private BigInteger serialNumber() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[0] &= 0x7f;
        bytes[15] |= 1;
        return new BigInteger(1, bytes);
    }
}
