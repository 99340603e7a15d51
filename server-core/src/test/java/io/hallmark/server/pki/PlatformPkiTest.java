package io.hallmark.server.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.core.Pem;
import io.hallmark.server.vault.KeyType;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

class PlatformPkiTest {
    private static final String CRL_DISTRIBUTION_POINTS = Extension.cRLDistributionPoints.getId();
    private static final String AUTHORITY_INFO_ACCESS = Extension.authorityInfoAccess.getId();

    private final InMemoryKeyVault vault = new InMemoryKeyVault();
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void theRootIsASelfSignedP256CaForTenYears() throws Exception {
        X509Certificate root = ensure(start, List.of("hallmark.example")).rootCertificate();

        root.verify(root.getPublicKey());
        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=Acme Fleet Root CA,O=Hallmark");
        assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(VaultContentSigner.keyType(root.getPublicKey())).isEqualTo(KeyType.EC_P256);
        assertThat(root.getPublicKey())
                .isEqualTo(vault.publicKey(PlatformPki.ROOT_ALIAS).orElseThrow());
        assertThat(root.getNotAfter().toInstant())
                .isEqualTo(root.getNotBefore()
                        .toInstant()
                        .atOffset(ZoneOffset.UTC)
                        .plusYears(10)
                        .toInstant());
        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(root.getCriticalExtensionOIDs())
                .contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(root.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(subjectKeyId(root)).isNotEmpty();
        assertThat(root.getNonCriticalExtensionOIDs()).doesNotContain(CRL_DISTRIBUTION_POINTS, AUTHORITY_INFO_ACCESS);
        assertThat(vault.certificateChain(PlatformPki.ROOT_ALIAS)).containsExactly(root);
    }

    @Test
    void tlsCertificatesAreServerLeavesOfTheRootWithTheRequestedNames() throws Exception {
        PlatformPki pki = ensure(start, List.of("Hallmark.Example.", "devices.hallmark.example"), List.of("10.0.0.7"));

        for (String alias : List.of(PlatformPki.API_TLS_ALIAS, PlatformPki.DEVICE_TLS_ALIAS)) {
            List<X509Certificate> chain = vault.certificateChain(alias);
            assertThat(chain).hasSize(2);
            assertThat(chain.get(1)).isEqualTo(pki.rootCertificate());
            X509Certificate leaf = chain.get(0);
            leaf.verify(pki.rootCertificate().getPublicKey());
            assertThat(leaf.getPublicKey()).isEqualTo(vault.publicKey(alias).orElseThrow());
            assertThat(VaultContentSigner.keyType(leaf.getPublicKey())).isEqualTo(KeyType.EC_P256);
            assertThat(leaf.getSigAlgName()).isEqualToIgnoringCase("SHA256withECDSA");
            assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
            assertThat(leaf.getKeyUsage())
                    .containsExactly(true, false, false, false, false, false, false, false, false);
            assertThat(leaf.getCriticalExtensionOIDs()).contains(Extension.keyUsage.getId());
            assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
            assertThat(sans(leaf))
                    .containsExactlyInAnyOrder(
                            "2:localhost",
                            "2:hallmark.example",
                            "2:devices.hallmark.example",
                            "7:127.0.0.1",
                            "7:10.0.0.7");
            assertThat(authorityKeyId(leaf)).isEqualTo(subjectKeyId(pki.rootCertificate()));
            assertThat(subjectKeyId(leaf)).isNotEmpty();
            assertThat(leaf.getSerialNumber().signum()).isPositive();
            assertThat(leaf.getSerialNumber().bitLength()).isBetween(64, 127);
            assertThat(Duration.between(
                            leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                    .isLessThanOrEqualTo(Duration.ofDays(397));
            assertThat(leaf.getNotBefore().toInstant()).isBeforeOrEqualTo(start);
            assertThat(leaf.getNonCriticalExtensionOIDs())
                    .doesNotContain(CRL_DISTRIBUTION_POINTS, AUTHORITY_INFO_ACCESS);
        }
        assertThat(vault.certificateChain(PlatformPki.API_TLS_ALIAS)
                        .get(0)
                        .getSubjectX500Principal()
                        .getName())
                .isEqualTo("CN=Acme Fleet API,O=Hallmark");
    }

    @Test
    void theChainValidatesWithTheJdkPkixValidator() throws Exception {
        PlatformPki pki = ensure(start, List.of("hallmark.example"));

        for (String alias : List.of(PlatformPki.API_TLS_ALIAS, PlatformPki.DEVICE_TLS_ALIAS)) {
            X509Certificate leaf = vault.certificateChain(alias).get(0);
            var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
            var parameters = new PKIXParameters(Set.of(new TrustAnchor(pki.rootCertificate(), null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(start));

            CertPathValidator.getInstance("PKIX").validate(path, parameters);
        }
    }

    @Test
    void ensuringAgainReusesTheRootAndTheTlsCertificates() {
        PlatformPki first = ensure(start, List.of("hallmark.example"));
        X509Certificate api = vault.certificateChain(PlatformPki.API_TLS_ALIAS).get(0);
        int rootSignatures = vault.signatureCount(PlatformPki.ROOT_ALIAS);

        PlatformPki second = ensure(start.plus(Duration.ofDays(100)), List.of("hallmark.example"));

        assertThat(second.rootCertificate().getSerialNumber())
                .isEqualTo(first.rootCertificate().getSerialNumber());
        assertThat(second.rootPem()).isEqualTo(first.rootPem());
        assertThat(vault.certificateChain(PlatformPki.API_TLS_ALIAS).get(0)).isEqualTo(api);
        assertThat(vault.signatureCount(PlatformPki.ROOT_ALIAS)).isEqualTo(rootSignatures);
    }

    @Test
    void aTlsCertificateIsReissuedForTheSameKeyWhenItExpiresWithinThirtyDays() {
        PlatformPki first = ensure(start, List.of("hallmark.example"));
        X509Certificate old = vault.certificateChain(PlatformPki.API_TLS_ALIAS).get(0);
        Instant thirtyOneDaysBefore = old.getNotAfter().toInstant().minus(Duration.ofDays(31));
        Instant twentyNineDaysBefore = old.getNotAfter().toInstant().minus(Duration.ofDays(29));

        ensure(thirtyOneDaysBefore, List.of("hallmark.example"));
        assertThat(vault.certificateChain(PlatformPki.API_TLS_ALIAS).get(0)).isEqualTo(old);

        PlatformPki later = ensure(twentyNineDaysBefore, List.of("hallmark.example"));
        X509Certificate renewed =
                vault.certificateChain(PlatformPki.API_TLS_ALIAS).get(0);
        assertThat(renewed.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
        assertThat(renewed.getPublicKey()).isEqualTo(old.getPublicKey());
        assertThat(renewed.getNotAfter()).isAfter(old.getNotAfter());
        assertThat(later.rootCertificate()).isEqualTo(first.rootCertificate());
        assertThat(vault.certificateChain(PlatformPki.API_TLS_ALIAS).get(1)).isEqualTo(first.rootCertificate());
    }

    @Test
    void aTlsCertificateIsReissuedWhenARequestedNameIsMissing() {
        ensure(start, List.of("hallmark.example"));
        X509Certificate old =
                vault.certificateChain(PlatformPki.DEVICE_TLS_ALIAS).get(0);

        ensure(start, List.of("hallmark.example", "devices.hallmark.example"));
        X509Certificate widened =
                vault.certificateChain(PlatformPki.DEVICE_TLS_ALIAS).get(0);
        ensure(start, List.of("DEVICES.hallmark.example"));

        assertThat(widened.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
        assertThat(sans(widened)).contains("2:hallmark.example", "2:devices.hallmark.example");
        assertThat(vault.certificateChain(PlatformPki.DEVICE_TLS_ALIAS).get(0))
                .as("a subset of the names is covered")
                .isEqualTo(widened);
    }

    @Test
    void aKeyLeftWithoutCertificateByACrashGetsOneOnTheNextStart() {
        PublicKey rootKey = vault.generate(PlatformPki.ROOT_ALIAS, KeyType.EC_P256);
        PublicKey apiKey = vault.generate(PlatformPki.API_TLS_ALIAS, KeyType.EC_P256);

        PlatformPki pki = ensure(start, List.of());

        assertThat(pki.rootCertificate().getPublicKey()).isEqualTo(rootKey);
        assertThat(vault.certificateChain(PlatformPki.API_TLS_ALIAS).get(0).getPublicKey())
                .isEqualTo(apiKey);
    }

    @Test
    void rootPemIsTheRootCertificate() throws Exception {
        PlatformPki pki = ensure(start, List.of());

        byte[] der = Pem.decode("CERTIFICATE", pki.rootPem());

        assertThat(pki.rootPem()).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(der).isEqualTo(pki.rootCertificate().getEncoded());
    }

    @Test
    void malformedNamesAreRefusedWithTheBadValue() {
        assertThatThrownBy(() -> ensure(start, List.of("bad name")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"bad name\"");
        assertThatThrownBy(() -> PlatformPki.ensure(vault, clockAt(start), "Acme", List.of(), List.of("10.0.0.300")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.300");
        assertThat(vault.contains(PlatformPki.ROOT_ALIAS)).isFalse();
    }

    @Test
    void aListenerKeyMadeOutsideTheVaultIsCertifiedByTheRootWithTheSameNames() throws Exception {
        PlatformPki pki = ensure(start, List.of("hallmark.example"), List.of("10.0.0.7"));
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        PublicKey key = g.generateKeyPair().getPublic();

        List<X509Certificate> chain = pki.certifyListenerKey(key, "MQTT");

        assertThat(chain).hasSize(2);
        assertThat(chain.get(1)).isEqualTo(pki.rootCertificate());
        X509Certificate leaf = chain.get(0);
        leaf.verify(pki.rootCertificate().getPublicKey());
        assertThat(leaf.getPublicKey()).isEqualTo(key);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=Acme Fleet MQTT,O=Hallmark");
        assertThat(sans(leaf))
                .containsExactlyInAnyOrder("2:localhost", "2:hallmark.example", "7:127.0.0.1", "7:10.0.0.7");
        assertThat(vault.contains("MQTT")).as("nothing of it enters the vault").isFalse();
    }

    private PlatformPki ensure(Instant now, List<String> dnsNames) {
        return ensure(now, dnsNames, List.of());
    }

    private PlatformPki ensure(Instant now, List<String> dnsNames, List<String> ipAddresses) {
        return PlatformPki.ensure(vault, clockAt(now), "Acme Fleet", dnsNames, ipAddresses);
    }

    private static Clock clockAt(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    /** The subject alternative names as {@code type:value}, type 2 for DNS and 7 for IP. */
    static List<String> sans(X509Certificate certificate) {
        try {
            return certificate.getSubjectAlternativeNames().stream()
                    .map(name -> name.get(0) + ":" + name.get(1))
                    .toList();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] subjectKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return SubjectKeyIdentifier.getInstance(
                        ASN1OctetString.getInstance(value).getOctets())
                .getKeyIdentifier();
    }

    private static byte[] authorityKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        return AuthorityKeyIdentifier.getInstance(
                        ASN1OctetString.getInstance(value).getOctets())
                .getKeyIdentifierOctets();
    }
}
