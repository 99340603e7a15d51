package io.hallmark.server.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.core.Pem;
import io.hallmark.server.pki.OrganizationCa.Purpose;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Test;

class OrganizationCaTest {
    static final URI BASE_URL = URI.create("http://pki.hallmark.example:8080");
    static final String PRODUCT_TYPE = "1.3.6.1.4.1.99999.1.7";

    private final InMemoryKeyVault vault = new InMemoryKeyVault();
    private final Instant now = Instant.parse("2026-11-26T09:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    @Test
    void ensureMakesARootAndOneIssuingCaPerPurpose() throws Exception {
        OrganizationCa ca = ensure("acme", "Acme Devices", Set.of(Purpose.IDEVID, Purpose.LDEVID));

        X509Certificate root = ca.root();
        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=Acme Devices Root CA,O=Acme Devices");
        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(root.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(root.getKeyUsage()[6]).as("cRLSign").isTrue();
        assertThat(root.getNotAfter().toInstant()).isAfter(now.plus(Duration.ofDays(365 * 20 - 1)));
        assertThat(root.getPublicKey())
                .isEqualTo(vault.publicKey("org.acme.root").orElseThrow());

        X509Certificate idevidCa = ca.issuer(Purpose.IDEVID);
        X509Certificate ldevidCa = ca.issuer(Purpose.LDEVID);
        assertThat(idevidCa.getBasicConstraints()).as("pathLen 0").isZero();
        assertThat(ldevidCa.getBasicConstraints()).as("pathLen 0").isZero();
        assertThat(idevidCa.getPublicKey())
                .isEqualTo(vault.publicKey("org.acme.idevid-ca").orElseThrow());
        assertThat(ldevidCa.getPublicKey())
                .isEqualTo(vault.publicKey("org.acme.ldevid-ca").orElseThrow());
        assertThat(idevidCa.getNotAfter()).isEqualTo(root.getNotAfter()).as("20 years, not past the root");
        assertThat(ldevidCa.getNotAfter().toInstant())
                .isBetween(now.plus(Duration.ofDays(3650)), now.plus(Duration.ofDays(3655)));
        assertThat(ca.chain(Purpose.IDEVID)).containsExactly(idevidCa, root);
        assertThat(vault.certificateChain("org.acme.ldevid-ca")).containsExactly(ldevidCa, root);
        assertThat(crlUrl(idevidCa)).isEqualTo("http://pki.hallmark.example:8080/crl/org.acme.root.crl");
    }

    @Test
    void anIdevidValidatesWithPkixFromLeafThroughIssuingCaToTheOrganizationRoot() throws Exception {
        OrganizationCa ca = ensure("acme", "Acme Devices", Set.of(Purpose.IDEVID));

        X509Certificate idevid = ca.issue(deviceKey(), idevid("SN-0001"));

        validate(idevid, ca, Purpose.IDEVID);
    }

    @Test
    void anLdevidValidatesWithPkixFromLeafThroughIssuingCaToTheOrganizationRoot() throws Exception {
        OrganizationCa ca = ensure("acme", "Acme Devices", Set.of(Purpose.LDEVID));

        X509Certificate ldevid =
                ca.issue(deviceKey(), DeviceProfile.ldevid("SN-0001", "pump-17").build());

        validate(ldevid, ca, Purpose.LDEVID);
    }

    @Test
    void anIdevidFollowsIeee8021arWithHardwareModuleNameMasaUrlAndNoExpiration() throws Exception {
        OrganizationCa ca = ensure("acme", "Acme Devices", Set.of(Purpose.IDEVID));

        X509Certificate idevid = ca.issue(
                deviceKey(),
                DeviceProfile.idevid("SN-0001")
                        .commonName("Acme Pump")
                        .hardwareType(PRODUCT_TYPE)
                        .masaUrl(URI.create("https://masa.acme.example/.well-known/brski"))
                        .build());

        assertThat(idevid.getSubjectX500Principal().getName("RFC1779"))
                .contains("OID.2.5.4.5=SN-0001")
                .contains("CN=Acme Pump");
        assertThat(idevid.getNotAfter().toInstant()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
        assertThat(idevid.getBasicConstraints()).isEqualTo(-1);
        assertThat(idevid.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(idevid.getKeyUsage()[4]).as("keyAgreement").isTrue();
        assertThat(idevid.getCriticalExtensionOIDs()).contains("2.5.29.15");
        assertThat(idevid.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(idevid.getSerialNumber().bitLength()).isBetween(100, 127);

        OtherName hardwareModuleName =
                OtherName.getInstance(san(idevid).getNames()[0].getName());
        assertThat(hardwareModuleName.getTypeID().getId()).isEqualTo("1.3.6.1.5.5.7.8.4");
        ASN1Sequence value = ASN1Sequence.getInstance(hardwareModuleName.getValue());
        assertThat(ASN1ObjectIdentifier.getInstance(value.getObjectAt(0)).getId())
                .isEqualTo(PRODUCT_TYPE);
        assertThat(ASN1OctetString.getInstance(value.getObjectAt(1)).getOctets())
                .isEqualTo("SN-0001".getBytes(StandardCharsets.US_ASCII));

        byte[] masa = ASN1OctetString.getInstance(idevid.getExtensionValue("1.3.6.1.5.5.7.1.32"))
                .getOctets();
        assertThat(ASN1IA5String.getInstance(masa).getString())
                .isEqualTo("https://masa.acme.example/.well-known/brski");
        assertThat(crlUrl(idevid)).isEqualTo("http://pki.hallmark.example:8080/crl/org.acme.idevid-ca.crl");
        assertThat(ocspUrl(idevid)).isEqualTo("http://pki.hallmark.example:8080/ocsp");
    }

    @Test
    void anLdevidIsValidForNinetyDaysByDefaultWithClientAuthAndRevocationPointers() throws Exception {
        OrganizationCa ca = ensure("acme", "Acme Devices", Set.of(Purpose.LDEVID));

        X509Certificate ldevid =
                ca.issue(deviceKey(), DeviceProfile.ldevid("SN-0001", "pump-17").build());

        assertThat(Duration.between(
                        ldevid.getNotBefore().toInstant(), ldevid.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(90));
        assertThat(ldevid.getNotBefore().toInstant()).isEqualTo(now.minus(CertificateIssuer.BACKDATE));
        assertThat(ldevid.getSubjectX500Principal().getName("RFC1779"))
                .contains("OID.2.5.4.5=SN-0001")
                .contains("CN=pump-17");
        assertThat(ldevid.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(ldevid.getKeyUsage()[4]).as("keyAgreement").isFalse();
        assertThat(ldevid.getCriticalExtensionOIDs()).contains("2.5.29.15");
        assertThat(ldevid.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(crlUrl(ldevid)).isEqualTo("http://pki.hallmark.example:8080/crl/org.acme.ldevid-ca.crl");
        assertThat(ocspUrl(ldevid)).isEqualTo("http://pki.hallmark.example:8080/ocsp");
    }

    @Test
    void anLdevidValidityIsAParameterButNeverOutlivesItsIssuingCa() throws Exception {
        OrganizationCa ca = ensure("acme", "Acme Devices", Set.of(Purpose.LDEVID));

        X509Certificate week = ca.issue(
                deviceKey(),
                DeviceProfile.ldevid("SN-1", "pump")
                        .validity(Duration.ofDays(7))
                        .build());
        X509Certificate century = ca.issue(
                deviceKey(),
                DeviceProfile.ldevid("SN-2", "pump")
                        .validity(Duration.ofDays(36_500))
                        .build());

        assertThat(Duration.between(
                        week.getNotBefore().toInstant(), week.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(7));
        assertThat(century.getNotAfter()).isEqualTo(ca.issuer(Purpose.LDEVID).getNotAfter());
    }

    @Test
    void deviceCertificatesNameTheirIssuerByKeyIdentifierAlone() throws Exception {
        OrganizationCa ca = ensure("acme", "Acme Devices", Set.of(Purpose.IDEVID));

        X509Certificate idevid = ca.issue(deviceKey(), idevid("SN-0001"));

        AuthorityKeyIdentifier authority =
                AuthorityKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(idevid).getExtensions());
        SubjectKeyIdentifier issuer = SubjectKeyIdentifier.fromExtensions(
                new JcaX509CertificateHolder(ca.issuer(Purpose.IDEVID)).getExtensions());
        assertThat(authority.getKeyIdentifierOctets()).isEqualTo(issuer.getKeyIdentifier());
        assertThat(authority.getAuthorityCertIssuer())
                .as("no issuer name, so re-certifying the CA keeps paths")
                .isNull();
        assertThat(authority.getAuthorityCertSerialNumber()).isNull();
    }

    @Test
    void anIdevidForAnEd25519KeyHasNoKeyAgreement() throws Exception {
        OrganizationCa ca = ensure("acme", "Acme Devices", Set.of(Purpose.IDEVID));
        PublicKey ed25519 =
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();

        X509Certificate idevid = ca.issue(ed25519, idevid("SN-0001"));

        assertThat(idevid.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(idevid.getKeyUsage()[4]).as("keyAgreement").isFalse();
        validate(idevid, ca, Purpose.IDEVID);
    }

    @Test
    void ensureTwiceReusesTheSameCertificatesWithoutSigningAgain() {
        OrganizationCa first = ensure("acme", "Acme Devices", Set.of(Purpose.IDEVID, Purpose.LDEVID));
        int rootSignatures = vault.signatureCount("org.acme.root");

        OrganizationCa second = ensure("acme", "Acme Devices", Set.of(Purpose.IDEVID, Purpose.LDEVID));

        assertThat(second.root().getSerialNumber()).isEqualTo(first.root().getSerialNumber());
        assertThat(second.issuer(Purpose.IDEVID).getSerialNumber())
                .isEqualTo(first.issuer(Purpose.IDEVID).getSerialNumber());
        assertThat(second.issuer(Purpose.LDEVID).getSerialNumber())
                .isEqualTo(first.issuer(Purpose.LDEVID).getSerialNumber());
        assertThat(vault.signatureCount("org.acme.root")).isEqualTo(rootSignatures);
    }

    @Test
    void anOrganizationGainsAnIssuingCaWhenEnsuredWithANewPurposeKeepingItsRoot() {
        OrganizationCa manufacturer = ensure("acme", "Acme Devices", Set.of(Purpose.IDEVID));

        OrganizationCa both = ensure("acme", "Acme Devices", Set.of(Purpose.IDEVID, Purpose.LDEVID));

        assertThat(both.root()).isEqualTo(manufacturer.root());
        assertThat(both.issuer(Purpose.IDEVID)).isEqualTo(manufacturer.issuer(Purpose.IDEVID));
        assertThat(both.purposes()).containsExactlyInAnyOrder(Purpose.IDEVID, Purpose.LDEVID);
    }

    @Test
    void twoOrganizationsGetDifferentRoots() {
        OrganizationCa acme = ensure("acme", "Acme Devices", Set.of(Purpose.IDEVID));
        OrganizationCa globex = ensure("globex", "Globex", Set.of(Purpose.IDEVID));

        assertThat(globex.root().getPublicKey()).isNotEqualTo(acme.root().getPublicKey());
        assertThat(globex.root().getSubjectX500Principal().getName()).isEqualTo("CN=Globex Root CA,O=Globex");
        assertThat(globex.issuer(Purpose.IDEVID).getIssuerX500Principal())
                .isEqualTo(globex.root().getSubjectX500Principal());
    }

    @Test
    void aManufacturerOnlyOrganizationHasNoLdevidCa() throws Exception {
        OrganizationCa ca = ensure("acme", "Acme Devices", Set.of(Purpose.IDEVID));
        PublicKey key = deviceKey();

        assertThat(ca.purposes()).containsExactly(Purpose.IDEVID);
        assertThat(vault.contains("org.acme.ldevid-ca")).isFalse();
        assertThatThrownBy(() -> ca.issuer(Purpose.LDEVID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("purpose: LDEVID (expected: one of the issuing CAs of organization acme: [IDEVID])");
        assertThatThrownBy(
                        () -> ca.issue(key, DeviceProfile.ldevid("SN-1", "pump").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LDEVID");
    }

    @Test
    void pemIsTheIssuingCaThenTheRoot() throws Exception {
        OrganizationCa ca = ensure("acme", "Acme Devices", Set.of(Purpose.IDEVID));

        List<Certificate> certificates = List.copyOf(CertificateFactory.getInstance("X.509")
                .generateCertificates(
                        new ByteArrayInputStream(ca.pem(Purpose.IDEVID).getBytes(StandardCharsets.US_ASCII))));

        assertThat(certificates).containsExactly(ca.issuer(Purpose.IDEVID), ca.root());
        assertThat(Pem.decode("CERTIFICATE", ca.pem(Purpose.IDEVID)))
                .isEqualTo(ca.issuer(Purpose.IDEVID).getEncoded());
    }

    @Test
    void malformedArgumentsAreRefusedWithTheBadValueBeforeAnyKeyIsMade() {
        assertThatThrownBy(() -> ensure("Acme", "Acme", Set.of(Purpose.IDEVID)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("orgId: \"Acme\"");
        assertThatThrownBy(() -> ensure("acme", " ", Set.of(Purpose.IDEVID)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("orgName:");
        assertThatThrownBy(() -> ensure("acme", "Acme", Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("purposes:");
        assertThatThrownBy(() -> OrganizationCa.ensure(
                        vault, clock, "acme", "Acme", Set.of(Purpose.IDEVID), URI.create("https://pki.example")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("baseUrl: https://pki.example");
        assertThat(vault.contains("org.acme.root")).isFalse();
    }

    @Test
    void profilesRefuseMalformedValuesWithTheBadValue() {
        assertThatThrownBy(() -> DeviceProfile.idevid("SN_0001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("serialNumber: \"SN_0001\"");
        assertThatThrownBy(() -> DeviceProfile.idevid("SN-1").hardwareType("acme.pump"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("hardwareType: \"acme.pump\"");
        assertThatThrownBy(() -> DeviceProfile.idevid("SN-1").masaUrl(URI.create("http://masa.example")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("masaUrl: http://masa.example");
        assertThatThrownBy(() ->
                        DeviceProfile.idevid("SN-1").hardwareType(PRODUCT_TYPE).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("masaUrl: missing");
        assertThatThrownBy(() -> DeviceProfile.ldevid("SN-1", "pump").validity(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("validity: PT0S");
    }

    /** An IDevID profile of the test product, with a MASA URL. */
    @Test
    void authoritiesAreTheRootThenTheIssuingCasByVaultAlias() {
        OrganizationCa ca = ensure("acme", "Acme Devices", Set.of(Purpose.IDEVID, Purpose.LDEVID));

        assertThat(ca.authorities())
                .containsExactly(
                        Map.entry("org.acme.root", ca.root()),
                        Map.entry("org.acme.idevid-ca", ca.issuer(Purpose.IDEVID)),
                        Map.entry("org.acme.ldevid-ca", ca.issuer(Purpose.LDEVID)));
    }

    static DeviceProfile idevid(String serialNumber) {
        return DeviceProfile.idevid(serialNumber)
                .hardwareType(PRODUCT_TYPE)
                .masaUrl(URI.create("https://masa.acme.example/.well-known/brski"))
                .build();
    }

    private OrganizationCa ensure(String orgId, String orgName, Set<Purpose> purposes) {
        return OrganizationCa.ensure(vault, clock, orgId, orgName, purposes, BASE_URL);
    }

    private void validate(X509Certificate leaf, OrganizationCa ca, Purpose purpose) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, ca.issuer(purpose)));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.root(), null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(now.plus(Duration.ofHours(1))));

        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    private static PublicKey deviceKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair().getPublic();
    }

    private static GeneralNames san(X509Certificate certificate) throws Exception {
        return GeneralNames.fromExtensions(
                new JcaX509CertificateHolder(certificate).getExtensions(), Extension.subjectAlternativeName);
    }

    private static String crlUrl(X509Certificate certificate) throws Exception {
        CRLDistPoint points = CRLDistPoint.fromExtensions(new JcaX509CertificateHolder(certificate).getExtensions());
        GeneralNames names = GeneralNames.getInstance(
                points.getDistributionPoints()[0].getDistributionPoint().getName());
        return ASN1IA5String.getInstance(names.getNames()[0].getName()).getString();
    }

    private static String ocspUrl(X509Certificate certificate) throws Exception {
        AuthorityInformationAccess access =
                AuthorityInformationAccess.fromExtensions(new JcaX509CertificateHolder(certificate).getExtensions());
        AccessDescription ocsp = access.getAccessDescriptions()[0];
        assertThat(ocsp.getAccessMethod()).isEqualTo(AccessDescription.id_ad_ocsp);
        assertThat(ocsp.getAccessLocation().getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
        return ASN1IA5String.getInstance(ocsp.getAccessLocation().getName()).getString();
    }
}
