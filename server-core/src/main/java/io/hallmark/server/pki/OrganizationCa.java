package io.hallmark.server.pki;

import io.hallmark.core.Checks;
import io.hallmark.core.Pem;
import io.hallmark.server.vault.KeyType;
import io.hallmark.server.vault.KeyVault;
import java.net.URI;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An organization's certificate authorities: its root CA and one issuing CA per {@link Purpose}, with every private
 * key in the {@link KeyVault}, and the issuance of device certificates by the profiles of {@link DeviceProfile}.
 *
 * <p>{@link #ensure} makes what is missing and reuses what the vault holds, so it is called whenever the
 * organization is loaded. The root ({@code org.<orgId>.root}: P-256, self-signed, {@code CN=<orgName> Root CA,
 * O=<orgName>}, {@value #ROOT_VALIDITY_YEARS} years, CA with no path length limit, keyCertSign and cRLSign critical)
 * signs the issuing CAs: {@link Purpose#IDEVID} for manufacturers and {@link Purpose#LDEVID} for owners, each
 * P-256, pathLenConstraint 0, never past the root. Device certificates and issuing CA certificates carry the
 * revocation pointers of their issuer under the base URL: {@code <base>/crl/<issuer alias>.crl} and {@code
 * <base>/ocsp}.
 *
 * <p>Like {@link PlatformPki}, nothing here is replaced automatically: an organization renamed later keeps the names
 * of its existing CAs, and an expired root stops {@code ensure}. Call {@code ensure} for one organization from one
 * thread at a time; {@link #issue} is safe for concurrent use.
 */
public final class OrganizationCa {
    /** What an issuing CA is for; an organization has the issuing CAs of the purposes it was ensured with. */
    public enum Purpose {
        /** Initial device identities, installed by a manufacturer (IEEE 802.1AR-2018 §8). */
        IDEVID("idevid-ca", "IDevID Issuing CA", 20),
        /** Locally significant device identities, issued by an owner after enrollment (IEEE 802.1AR-2018 §8). */
        LDEVID("ldevid-ca", "LDevID Issuing CA", 10);

        private final String aliasSuffix;
        private final String commonNameSuffix;
        private final int validityYears;

        Purpose(String aliasSuffix, String commonNameSuffix, int validityYears) {
            this.aliasSuffix = aliasSuffix;
            this.commonNameSuffix = commonNameSuffix;
            this.validityYears = validityYears;
        }

        /** How many years an issuing CA of this purpose is valid, at most until its root expires. */
        public int validityYears() {
            return validityYears;
        }
    }

    /** How many years an organization's root CA is valid. */
    public static final int ROOT_VALIDITY_YEARS = 20;

    /**
     * An organization id as it appears in vault aliases and CRL URLs: lower case only, since PKCS#12 key stores
     * fold aliases to lower case.
     */
    private static final Pattern ORG_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private static final Logger LOG = LoggerFactory.getLogger(OrganizationCa.class);

    private final KeyVault vault;
    private final String orgId;
    private final X509Certificate root;
    private final Map<Purpose, IssuingCa> issuing;

    private OrganizationCa(KeyVault vault, String orgId, X509Certificate root, Map<Purpose, IssuingCa> issuing) {
        this.vault = vault;
        this.orgId = orgId;
        this.root = root;
        this.issuing = issuing;
    }

    /**
     * Makes or reuses the organization's root CA and the issuing CAs of {@code purposes} in {@code vault}.
     *
     * @param clock the time certificates are issued at
     * @param orgId the organization's id, e.g. {@code acme}: 1 to 63 lower-case letters, digits, hyphens and
     *     underscores, starting with a letter or digit
     * @param orgName the organization's name in the CAs' subjects, e.g. {@code Acme Devices}
     * @param purposes the issuing CAs the organization needs, e.g. only {@link Purpose#IDEVID} for a manufacturer
     * @param revocationBaseUrl where the platform serves CRLs and OCSP, e.g. {@code http://pki.example:8080}
     * @throws IllegalArgumentException when an argument is malformed
     * @throws IllegalStateException when the vault holds an expired root
     */
    public static OrganizationCa ensure(
            KeyVault vault, Clock clock, String orgId, String orgName, Set<Purpose> purposes, URI revocationBaseUrl) {
        return ensure(vault, clock, new SecureRandom(), orgId, orgName, purposes, revocationBaseUrl);
    }

    static OrganizationCa ensure(
            KeyVault vault,
            Clock clock,
            SecureRandom random,
            String orgId,
            String orgName,
            Set<Purpose> purposes,
            URI revocationBaseUrl) {
        Checks.notNull(vault, "vault");
        Checks.notNull(clock, "clock");
        Checks.notNull(random, "random");
        Checks.notNull(orgId, "orgId");
        Checks.check(ORG_ID.matcher(orgId).matches(), "orgId", "\"" + orgId + "\"", "matching " + ORG_ID.pattern());
        String name = Checks.notBlank(orgName, "orgName").strip();
        Checks.notEmpty(purposes, "purposes");
        RevocationUrls.checkBaseUrl(revocationBaseUrl);

        String rootAlias = rootAlias(orgId);
        X509Certificate root = ensureRoot(
                vault, new CertificateIssuer(clock, random, RevocationPointers.NONE), clock.instant(), rootAlias, name);
        CertificateIssuer underRoot =
                new CertificateIssuer(clock, random, RevocationUrls.of(revocationBaseUrl, rootAlias));
        Map<Purpose, IssuingCa> issuing = new EnumMap<>(Purpose.class);
        for (Purpose purpose : purposes) {
            String alias = issuingAlias(orgId, purpose);
            X509Certificate certificate = ensureIssuing(vault, underRoot, rootAlias, root, alias, purpose, name);
            CertificateIssuer issuer =
                    new CertificateIssuer(clock, random, RevocationUrls.of(revocationBaseUrl, alias));
            issuing.put(purpose, new IssuingCa(alias, certificate, issuer));
        }
        return new OrganizationCa(vault, orgId, root, issuing);
    }

    /** The organization's root CA certificate, the trust anchor of its devices' identities. */
    public X509Certificate root() {
        return root;
    }

    /**
     * The issuing CA certificate of {@code purpose}.
     *
     * @throws IllegalArgumentException when the organization has no issuing CA for {@code purpose}
     */
    public X509Certificate issuer(Purpose purpose) {
        return require(purpose).certificate();
    }

    /** The chain above a device certificate of {@code purpose}: the issuing CA, then the root. */
    public List<X509Certificate> chain(Purpose purpose) {
        return List.of(require(purpose).certificate(), root);
    }

    /** {@link #chain} as PEM, issuing CA first, for a device's or a relying party's chain file. */
    public String pem(Purpose purpose) {
        return Pem.certificate(require(purpose).certificate()) + Pem.certificate(root);
    }

    /**
     * Issues a device certificate of {@code profile} for {@code subjectKey}, signed by the issuing CA of the
     * profile's {@link DeviceProfile#purpose() purpose}, with a random 16-byte serial.
     *
     * <p>The caller has authorized the request and, for a CSR, checked its proof of possession; this only signs.
     *
     * @throws IllegalArgumentException when the organization has no issuing CA for the profile's purpose, or the key
     *     is not EC P-256, EC P-384, Ed25519 or RSA of 2048 to 8192 bits
     */
    public X509Certificate issue(PublicKey subjectKey, DeviceProfile profile) {
        Checks.notNull(subjectKey, "subjectKey");
        Checks.notNull(profile, "profile");
        if (!(subjectKey instanceof RSAPublicKey rsa)) {
            VaultContentSigner.keyType(subjectKey);
        } else {
            int bits = rsa.getModulus().bitLength();
            Checks.check(bits >= 2048 && bits <= 8192, "subjectKey", "RSA " + bits, "RSA of 2048 to 8192 bits");
        }
        IssuingCa ca = require(profile.purpose());
        // CertificateIssuer's key identifier digest is not safe for concurrent use.
        synchronized (ca) {
            return ca.issuer().device(vault, ca.alias(), ca.certificate(), subjectKey, profile);
        }
    }

    /** The vault alias of the issuing CA of {@code purpose}, the CA id in its CRL's file name. */
    public String issuerAlias(Purpose purpose) {
        return require(purpose).alias();
    }

    /** The organization's id. */
    public String orgId() {
        return orgId;
    }

    /**
     * The organization's CAs by vault alias, root first, then the issuing CAs: what {@link CaDirectory} needs to
     * publish their CRLs and answer OCSP for them.
     */
    public Map<String, X509Certificate> authorities() {
        Map<String, X509Certificate> authorities = new LinkedHashMap<>();
        authorities.put(rootAlias(orgId), root);
        issuing.values().forEach(ca -> authorities.put(ca.alias(), ca.certificate()));
        return Collections.unmodifiableMap(authorities);
    }

    /** The purposes this organization has issuing CAs for. */
    public Set<Purpose> purposes() {
        return Set.copyOf(issuing.keySet());
    }

    /** The vault alias of the root CA key of the organization {@code orgId}. */
    public static String rootAlias(String orgId) {
        return "org." + orgId + ".root";
    }

    /** The vault alias of the issuing CA key of {@code purpose} of the organization {@code orgId}. */
    public static String issuingAlias(String orgId, Purpose purpose) {
        return "org." + orgId + "." + purpose.aliasSuffix;
    }

    private IssuingCa require(Purpose purpose) {
        Checks.notNull(purpose, "purpose");
        IssuingCa ca = issuing.get(purpose);
        Checks.check(
                ca != null,
                "purpose",
                purpose,
                "one of the issuing CAs of organization " + orgId + ": " + issuing.keySet());
        return ca;
    }

    private static X509Certificate ensureRoot(
            KeyVault vault, CertificateIssuer issuer, Instant now, String alias, String orgName) {
        if (!vault.contains(alias)) {
            vault.generate(alias, KeyType.EC_P256);
        }
        List<X509Certificate> chain = vault.certificateChain(alias);
        if (!chain.isEmpty()) {
            X509Certificate root = chain.get(0);
            Checks.checkState(
                    now.isBefore(root.getNotAfter().toInstant()),
                    alias,
                    "expired at " + root.getNotAfter().toInstant(),
                    "a valid root; rotating an organization's root is not supported yet");
            return root;
        }
        X500Name subject = name(orgName + " Root CA", orgName);
        X509Certificate root = issuer.selfSignedRoot(vault, alias, subject, ROOT_VALIDITY_YEARS);
        vault.setCertificateChain(alias, List.of(root));
        LOG.info(
                "pki: made the root CA {} ({}), serial {}",
                alias,
                subject,
                root.getSerialNumber().toString(16));
        return root;
    }

    private static X509Certificate ensureIssuing(
            KeyVault vault,
            CertificateIssuer underRoot,
            String rootAlias,
            X509Certificate root,
            String alias,
            Purpose purpose,
            String orgName) {
        if (!vault.contains(alias)) {
            vault.generate(alias, KeyType.EC_P256);
        }
        List<X509Certificate> chain = vault.certificateChain(alias);
        if (!chain.isEmpty()) {
            return chain.get(0);
        }
        PublicKey key = vault.publicKey(alias).orElseThrow();
        X500Name subject = name(orgName + " " + purpose.commonNameSuffix, orgName);
        X509Certificate certificate = underRoot.issuingCa(vault, rootAlias, root, subject, key, purpose.validityYears);
        vault.setCertificateChain(alias, List.of(certificate, root));
        LOG.info(
                "pki: made the issuing CA {} ({}), serial {}",
                alias,
                subject,
                certificate.getSerialNumber().toString(16));
        return certificate;
    }

    /** {@code CN=<commonName>, O=<organization>} as RFC 4514 writes it, encoded from the most general RDN down. */
    private static X500Name name(String commonName, String organization) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, organization)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    /** An issuing CA: its vault alias, its certificate, and an issuer that adds its revocation pointers. */
    private record IssuingCa(String alias, X509Certificate certificate, CertificateIssuer issuer) {}
}
