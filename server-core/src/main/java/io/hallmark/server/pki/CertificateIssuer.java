package io.hallmark.server.pki;

import io.hallmark.server.vault.KeyVault;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Builds the platform's certificates and has the issuer's key in the {@link KeyVault} sign them.
 *
 * <p>Profiles follow RFC 5280 and, for TLS server certificates, the CA/Browser Forum baseline: serial numbers are
 * 16 random bytes made positive (RFC 5280 §4.1.2.2 allows up to 20 octets), {@code notBefore} is backdated by
 * {@link #BACKDATE} for clients whose clocks run slow, and a certificate never outlives its issuer, except an IDevID
 * (see {@link DeviceProfile.Idevid}). Key identifiers
 * use RFC 5280 §4.2.1.2 method 1 (SHA-1 of the public key bits).
 */
final class CertificateIssuer {
    /** How far {@code notBefore} lies before the moment of issue, as step-ca's default backdate. */
    static final Duration BACKDATE = Duration.ofMinutes(1);

    private final Clock clock;
    private final SecureRandom random;
    private final RevocationPointers revocation;
    private final JcaX509ExtensionUtils extensions;

    CertificateIssuer(Clock clock, SecureRandom random, RevocationPointers revocation) {
        this.clock = clock;
        this.random = random;
        this.revocation = revocation;
        try {
            this.extensions = new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-1 for key identifiers", e);
        }
    }

    /**
     * A self-signed root CA certificate for the key under {@code alias}: BasicConstraints CA (critical), KeyUsage
     * keyCertSign and cRLSign (critical), subject key identifier; no authority key identifier, as RFC 5280
     * §4.2.1.1 allows for self-signed certificates.
     */
    X509Certificate selfSignedRoot(KeyVault vault, String alias, X500Name subject, int years) {
        Instant notBefore = notBefore();
        Instant notAfter = notBefore.atOffset(ZoneOffset.UTC).plusYears(years).toInstant();
        PublicKey key = vault.publicKey(alias)
                .orElseThrow(() -> new IllegalArgumentException("alias: " + alias + " (expected: a key in the vault)"));
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject, serialNumber(), Date.from(notBefore), Date.from(notAfter), subject, key);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key));
        } catch (CertIOException e) {
            throw new IllegalStateException("root certificate extensions cannot be encoded", e);
        }
        return sign(builder, vault, alias);
    }

    /**
     * A TLS server certificate for {@code subjectKey}, issued by {@code issuer} whose key is under {@code
     * issuerAlias}: KeyUsage digitalSignature (critical), ExtendedKeyUsage serverAuth, BasicConstraints not a CA
     * (critical), subjectAltName with {@code names}, authority and subject key identifiers, and the revocation
     * pointers.
     */
    X509Certificate tlsServer(
            KeyVault vault,
            String issuerAlias,
            X509Certificate issuer,
            X500Name subject,
            PublicKey subjectKey,
            TlsNames names,
            Duration validity) {
        Instant notBefore = notBefore();
        Instant notAfter =
                earlier(notBefore.plus(validity), issuer.getNotAfter().toInstant());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer, serialNumber(), Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, names.toGeneralNames());
            builder.addExtension(
                    Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuer));
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
            revocation.addTo(builder);
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("TLS certificate extensions cannot be encoded", e);
        }
        return sign(builder, vault, issuerAlias);
    }

    /**
     * An issuing CA certificate for {@code subjectKey}, signed by {@code issuer} whose key is under {@code
     * issuerAlias}: BasicConstraints CA with pathLenConstraint 0 (critical), so it signs only end entities; KeyUsage
     * keyCertSign and cRLSign (critical); authority and subject key identifiers; the revocation pointers. Valid for
     * {@code years}, never past its issuer.
     */
    X509Certificate issuingCa(
            KeyVault vault,
            String issuerAlias,
            X509Certificate issuer,
            X500Name subject,
            PublicKey subjectKey,
            int years) {
        return underIssuer(
                vault,
                issuerAlias,
                issuer,
                subject,
                subjectKey,
                years,
                new BasicConstraints(0),
                KeyUsage.keyCertSign | KeyUsage.cRLSign);
    }

    /**
     * A signing certificate for {@code subjectKey} (a MASA's voucher key): KeyUsage digitalSignature (critical), not a
     * CA (critical), no extended key usage, authority and subject key identifiers, the revocation pointers. Valid for
     * {@code years}, never past its issuer.
     */
    X509Certificate signer(
            KeyVault vault,
            String issuerAlias,
            X509Certificate issuer,
            X500Name subject,
            PublicKey subjectKey,
            int years) {
        return underIssuer(
                vault,
                issuerAlias,
                issuer,
                subject,
                subjectKey,
                years,
                new BasicConstraints(false),
                KeyUsage.digitalSignature);
    }

    /**
     * A certificate below {@code issuer} with {@code constraints} and {@code keyUsage} (both critical), authority and
     * subject key identifiers and the revocation pointers, valid for {@code years} and never past its issuer.
     */
    private X509Certificate underIssuer(
            KeyVault vault,
            String issuerAlias,
            X509Certificate issuer,
            X500Name subject,
            PublicKey subjectKey,
            int years,
            BasicConstraints constraints,
            int keyUsage) {
        Instant notBefore = notBefore();
        Instant notAfter = earlier(
                notBefore.atOffset(ZoneOffset.UTC).plusYears(years).toInstant(),
                issuer.getNotAfter().toInstant());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer, serialNumber(), Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
        try {
            builder.addExtension(Extension.basicConstraints, true, constraints);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId(issuer));
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
            revocation.addTo(builder);
        } catch (CertIOException e) {
            throw new IllegalStateException("certificate extensions cannot be encoded", e);
        }
        return sign(builder, vault, issuerAlias);
    }

    /**
     * A device certificate of {@code profile} for {@code subjectKey}, signed by {@code issuer} whose key is under
     * {@code issuerAlias}. The profile gives the subject, the validity and its extensions; this adds the authority
     * and subject key identifiers and the revocation pointers.
     */
    X509Certificate device(
            KeyVault vault, String issuerAlias, X509Certificate issuer, PublicKey subjectKey, DeviceProfile profile) {
        Instant notBefore = notBefore();
        Instant notAfter = profile.notAfter(notBefore, issuer.getNotAfter().toInstant());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer, serialNumber(), Date.from(notBefore), Date.from(notAfter), profile.subject(), subjectKey);
        try {
            profile.addExtensions(builder, subjectKey);
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId(issuer));
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
            revocation.addTo(builder);
        } catch (CertIOException e) {
            throw new IllegalStateException("device certificate extensions cannot be encoded", e);
        }
        return sign(builder, vault, issuerAlias);
    }

    /**
     * The key identifier alone (RFC 5280 §4.2.1.1): naming the issuer's own issuer and serial as well would tie a
     * device certificate, which may outlive its issuing CA's certificate, to that one certificate rather than to the
     * key, and break path building once the issuing CA is re-certified.
     */
    private AuthorityKeyIdentifier authorityKeyId(X509Certificate issuer) {
        return extensions.createAuthorityKeyIdentifier(issuer.getPublicKey());
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, KeyVault vault, String issuerAlias) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(VaultContentSigner.of(vault, issuerAlias)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the signed certificate cannot be decoded", e);
        }
    }

    private Instant notBefore() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
    }

    /** 16 random bytes, top bit cleared so the DER INTEGER stays positive in 16 octets, never zero. */
    private BigInteger serialNumber() {
        byte[] bytes = new byte[16];
        BigInteger serial;
        do {
            random.nextBytes(bytes);
            bytes[0] &= 0x7f;
            serial = new BigInteger(1, bytes);
        } while (serial.signum() == 0);
        return serial;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
