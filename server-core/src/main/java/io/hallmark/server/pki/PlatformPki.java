package io.hallmark.server.pki;

import io.hallmark.core.Checks;
import io.hallmark.core.Pem;
import io.hallmark.server.vault.KeyType;
import io.hallmark.server.vault.KeyVault;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's own certificates: a root CA and the TLS server certificates of the operator API (port 8443) and the
 * device endpoints (port 8444), with every private key in the {@link KeyVault}.
 *
 * <p>{@link #ensure} runs at each start. The first time it makes the root CA ({@value #ROOT_ALIAS}: P-256,
 * self-signed, {@code CN=<platform> Root CA, O=Hallmark}, ten years) and both TLS certificates ({@value
 * #API_TLS_ALIAS}, {@value #DEVICE_TLS_ALIAS}: P-256, signed by the root, at most {@value #TLS_VALIDITY_DAYS} days,
 * serverAuth, with {@code localhost} and {@code 127.0.0.1} always among the subject alternative names). Later it
 * reuses what the vault holds, and re-issues a TLS certificate when it expires within {@value #RENEW_BEFORE_DAYS}
 * days, lacks a requested name, or was not issued by the current root. A key generated without its certificate (a
 * crash between the two steps) gets its certificate on the next start.
 *
 * <p>Renewal re-certifies the same key under the same alias, so the aliases stay stable and the vault does not grow;
 * the TLS keys themselves are not rotated, since {@link KeyVault} has no way to delete or replace a key yet. The root
 * is never replaced automatically: it is the trust anchor devices and operators have pinned. A changed platform name
 * therefore keeps the existing root's subject.
 *
 * <p>Call {@code ensure} once at start-up, not from several threads at once. A running server picks up a re-issued
 * certificate at its next start, or by calling {@code ensure} again and reloading its listeners.
 */
public final class PlatformPki {
    /** The vault alias of the platform root CA key. */
    public static final String ROOT_ALIAS = "platform-root-ca";
    /** The vault alias of the operator API's TLS key (port 8443). */
    public static final String API_TLS_ALIAS = "tls-api";
    /** The vault alias of the device endpoints' TLS key (port 8444). */
    public static final String DEVICE_TLS_ALIAS = "tls-device";
    /**
     * The longest validity of a TLS server certificate: the CA/Browser Forum limit since 2020, which a private root
     * need not shorten as ballot SC-081 does for public ones from March 2026.
     */
    public static final int TLS_VALIDITY_DAYS = 397;
    /** A TLS certificate that expires within this many days is re-issued. */
    public static final int RENEW_BEFORE_DAYS = 30;

    static final int ROOT_VALIDITY_YEARS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(PlatformPki.class);

    private final KeyVault vault;
    private final X509Certificate root;
    private final CertificateIssuer issuer;
    private final TlsNames names;
    private final String platformName;

    private PlatformPki(
            KeyVault vault, X509Certificate root, CertificateIssuer issuer, TlsNames names, String platformName) {
        this.vault = vault;
        this.root = root;
        this.issuer = issuer;
        this.names = names;
        this.platformName = platformName;
    }

    /**
     * Makes or reuses the root CA and the TLS certificates in {@code vault}.
     *
     * @param clock the time certificates are issued at and checked against for renewal
     * @param platformName the name in the root's subject, e.g. {@code Acme Fleet}
     * @param dnsNames host names the TLS certificates must carry besides {@code localhost}
     * @param ipAddresses IP literals the TLS certificates must carry besides {@code 127.0.0.1}
     * @throws IllegalArgumentException when a name or address is malformed
     * @throws IllegalStateException when the vault holds an expired root
     */
    public static PlatformPki ensure(
            KeyVault vault, Clock clock, String platformName, List<String> dnsNames, List<String> ipAddresses) {
        return ensure(vault, clock, new SecureRandom(), RevocationPointers.NONE, platformName, dnsNames, ipAddresses);
    }

    static PlatformPki ensure(
            KeyVault vault,
            Clock clock,
            SecureRandom random,
            RevocationPointers revocation,
            String platformName,
            List<String> dnsNames,
            List<String> ipAddresses) {
        Checks.notNull(vault, "vault");
        Checks.notNull(clock, "clock");
        Checks.notBlank(platformName, "platformName");
        TlsNames names = TlsNames.of(dnsNames, ipAddresses);
        CertificateIssuer issuer = new CertificateIssuer(
                clock, Checks.notNull(random, "random"), Checks.notNull(revocation, "revocation"));
        X509Certificate root = ensureRoot(vault, issuer, clock.instant(), platformName.strip());
        PlatformPki pki = new PlatformPki(vault, root, issuer, names, platformName.strip());
        pki.ensureTls(API_TLS_ALIAS, name(platformName.strip() + " API"), issuer, clock.instant(), names);
        pki.ensureTls(
                DEVICE_TLS_ALIAS, name(platformName.strip() + " Device Endpoints"), issuer, clock.instant(), names);
        return pki;
    }

    /** The platform root CA certificate, the trust anchor for both TLS endpoints. */
    public X509Certificate rootCertificate() {
        return root;
    }

    /** The root CA certificate as PEM, for operators' and devices' trust stores. */
    public String rootPem() {
        return Pem.certificate(root);
    }

    /** Key managers that present the operator API's certificate chain (leaf, root). */
    public KeyManager[] apiKeyManagers() {
        return vault.keyManagers(API_TLS_ALIAS);
    }

    /** Key managers that present the device endpoints' certificate chain (leaf, root). */
    public KeyManager[] deviceKeyManagers() {
        return vault.keyManagers(DEVICE_TLS_ALIAS);
    }

    /**
     * Certifies a key made outside the vault for a TLS listener whose stack can only read its key from a file (the
     * embedded MQTT broker): the caller makes the key for each start and keeps it only as long as the listener runs,
     * so no vault key ever reaches a file. The certificate carries the same names as the other listeners'.
     *
     * @param label what the listener is, in the subject's common name, e.g. {@code MQTT}
     * @return the chain to present: leaf, root
     */
    public List<X509Certificate> certifyListenerKey(PublicKey key, String label) {
        Checks.notNull(key, "key");
        Checks.notBlank(label, "label");
        X509Certificate leaf = issuer.tlsServer(
                vault,
                ROOT_ALIAS,
                root,
                name(platformName + " " + label.strip()),
                key,
                names,
                Duration.ofDays(TLS_VALIDITY_DAYS));
        return List.of(leaf, root);
    }

    private static X509Certificate ensureRoot(KeyVault vault, CertificateIssuer issuer, Instant now, String platform) {
        if (!vault.contains(ROOT_ALIAS)) {
            vault.generate(ROOT_ALIAS, KeyType.EC_P256);
        }
        List<X509Certificate> chain = vault.certificateChain(ROOT_ALIAS);
        if (!chain.isEmpty()) {
            X509Certificate root = chain.get(0);
            Checks.checkState(
                    now.isBefore(root.getNotAfter().toInstant()),
                    ROOT_ALIAS,
                    "expired at " + root.getNotAfter().toInstant(),
                    "a valid root; rotating the root is not supported yet");
            return root;
        }
        X500Name subject = name(platform + " Root CA");
        X509Certificate root = issuer.selfSignedRoot(vault, ROOT_ALIAS, subject, ROOT_VALIDITY_YEARS);
        vault.setCertificateChain(ROOT_ALIAS, List.of(root));
        LOG.info(
                "pki: made the platform root CA {}, serial {}",
                subject,
                root.getSerialNumber().toString(16));
        return root;
    }

    private void ensureTls(String alias, X500Name subject, CertificateIssuer issuer, Instant now, TlsNames names) {
        if (!vault.contains(alias)) {
            vault.generate(alias, KeyType.EC_P256);
        }
        PublicKey key = vault.publicKey(alias).orElseThrow();
        Optional<String> reason = renewalReason(vault.certificateChain(alias), key, now, names);
        if (reason.isEmpty()) {
            return;
        }
        X509Certificate leaf =
                issuer.tlsServer(vault, ROOT_ALIAS, root, subject, key, names, Duration.ofDays(TLS_VALIDITY_DAYS));
        vault.setCertificateChain(alias, List.of(leaf, root));
        LOG.info(
                "pki: issued the TLS certificate {} ({}), serial {}, valid until {}",
                alias,
                reason.get(),
                leaf.getSerialNumber().toString(16),
                leaf.getNotAfter().toInstant());
    }

    /** Why the chain needs a new certificate, or empty when it can stay. */
    private Optional<String> renewalReason(List<X509Certificate> chain, PublicKey key, Instant now, TlsNames names) {
        if (chain.isEmpty()) {
            return Optional.of("no certificate yet");
        }
        X509Certificate leaf = chain.get(0);
        if (!leaf.getPublicKey().equals(key)) {
            return Optional.of("the certificate is for another key");
        }
        if (chain.size() != 2 || !chain.get(1).equals(root) || !isSignedBy(leaf, root)) {
            return Optional.of("not issued by the current root");
        }
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (!now.isBefore(notAfter.minus(Duration.ofDays(RENEW_BEFORE_DAYS)))) {
            return Optional.of("expires " + notAfter);
        }
        if (!names.areCoveredBy(leaf)) {
            return Optional.of("lacks " + names.missingFrom(leaf));
        }
        return Optional.empty();
    }

    private static boolean isSignedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** {@code CN=<commonName>, O=Hallmark} as RFC 4514 writes it, encoded from the most general RDN down. */
    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Hallmark")
                .addRDN(BCStyle.CN, commonName)
                .build();
    }
}
