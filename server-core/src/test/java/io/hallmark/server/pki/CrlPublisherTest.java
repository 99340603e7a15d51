package io.hallmark.server.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.pki.OrganizationCa.Purpose;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

class CrlPublisherTest {
    private static final String IDEVID_CA = "org.acme.idevid-ca";

    private final InMemoryKeyVault vault = new InMemoryKeyVault();
    private final Instant start = Instant.parse("2026-11-26T09:00:00Z");
    private final MutableClock clock = new MutableClock(start);
    private final OrganizationCa ca = OrganizationCa.ensure(
            vault, clock, "acme", "Acme Devices", Set.of(Purpose.IDEVID), OrganizationCaTest.BASE_URL);
    private final CaDirectory directory = new CaDirectory().register(ca);
    private final InMemoryStatusSource source = new InMemoryStatusSource();
    private final CrlPublisher publisher = new CrlPublisher(vault, directory, source, clock);

    CrlPublisherTest() {
        source.tell(publisher);
    }

    @Test
    void crlListsHeldAndRevokedCertificatesWithTheirReasons() throws Exception {
        BigInteger good = device();
        BigInteger held = device();
        BigInteger decommissioned = device();
        BigInteger compromised = device();
        BigInteger unspecified = device();
        source.change(IDEVID_CA, held, CertificateStatus.held(start.plusSeconds(10)));
        source.change(
                IDEVID_CA,
                decommissioned,
                CertificateStatus.revoked(start.plusSeconds(20), CertificateStatus.Reason.CESSATION_OF_OPERATION));
        source.change(
                IDEVID_CA,
                compromised,
                CertificateStatus.revoked(start.plusSeconds(30), CertificateStatus.Reason.KEY_COMPROMISE));
        source.change(
                IDEVID_CA,
                unspecified,
                CertificateStatus.revoked(start.plusSeconds(40), CertificateStatus.Reason.UNSPECIFIED));

        X509CRL crl = crl(IDEVID_CA);

        assertThat(crl.getRevokedCertificates()).hasSize(4);
        assertThat(crl.getRevokedCertificate(good)).isNull();
        assertEntry(crl.getRevokedCertificate(held), start.plusSeconds(10), CRLReason.CERTIFICATE_HOLD);
        assertEntry(crl.getRevokedCertificate(decommissioned), start.plusSeconds(20), CRLReason.CESSATION_OF_OPERATION);
        assertEntry(crl.getRevokedCertificate(compromised), start.plusSeconds(30), CRLReason.KEY_COMPROMISE);
        assertThat(crl.getRevokedCertificate(unspecified).getRevocationReason())
                .as("RFC 5280 §5.3.1: no reasonCode for unspecified")
                .isNull();
    }

    @Test
    void crlIsAVersionTwoCrlSignedByTheIssuingCaWithItsKeyIdentifierAndUpdateTimes() throws Exception {
        X509Certificate issuer = ca.issuer(Purpose.IDEVID);

        X509CRL crl = crl(IDEVID_CA);

        crl.verify(issuer.getPublicKey());
        assertThat(crl.getVersion()).isEqualTo(2);
        assertThat(crl.getIssuerX500Principal()).isEqualTo(issuer.getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(start);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(start.plus(Duration.ofHours(24)));
        byte[] issuerKeyId = SubjectKeyIdentifier.getInstance(
                        ASN1OctetString.getInstance(issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId()))
                                .getOctets())
                .getKeyIdentifier();
        AuthorityKeyIdentifier authorityKeyId = AuthorityKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(crl.getExtensionValue(Extension.authorityKeyIdentifier.getId()))
                        .getOctets());
        assertThat(authorityKeyId.getKeyIdentifier()).isEqualTo(issuerKeyId);
        assertThat(crl.getRevokedCertificates()).as("nothing revoked yet").isNull();
    }

    @Test
    void rootCrlListsNoIssuingCaWhileNoneIsRevoked() throws Exception {
        X509CRL crl = crl("org.acme.root");

        crl.verify(ca.root().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.root().getSubjectX500Principal());
        assertThat(crl.getRevokedCertificates()).isNull();
    }

    @Test
    void crlIsServedFromCacheWhileNothingChanged() throws Exception {
        device();
        byte[] first = publisher.findCrl(IDEVID_CA).orElseThrow();
        int signatures = vault.signatureCount(IDEVID_CA);
        int reads = source.reads();
        clock.advance(Duration.ofHours(11));

        byte[] second = publisher.findCrl(IDEVID_CA).orElseThrow();

        assertThat(second).isEqualTo(first);
        assertThat(vault.signatureCount(IDEVID_CA)).isEqualTo(signatures);
        assertThat(source.reads()).isEqualTo(reads);
    }

    @Test
    void crlNumberIncreasesAndTheEntryAppearsWhenAStatusChanges() throws Exception {
        BigInteger serial = device();
        X509CRL before = crl(IDEVID_CA);

        source.change(IDEVID_CA, serial, CertificateStatus.held(start));
        X509CRL after = crl(IDEVID_CA);

        assertThat(crlNumber(after)).isGreaterThan(crlNumber(before));
        assertThat(after.getRevokedCertificate(serial)).isNotNull();
        assertThat(before.getRevokedCertificate(serial)).isNull();
    }

    @Test
    void releasedHoldLeavesTheNextCrl() throws Exception {
        BigInteger serial = device();
        source.change(IDEVID_CA, serial, CertificateStatus.held(start));
        assertThat(crl(IDEVID_CA).getRevokedCertificate(serial)).isNotNull();

        source.change(IDEVID_CA, serial, CertificateStatus.GOOD);

        assertThat(crl(IDEVID_CA).getRevokedCertificate(serial)).isNull();
    }

    @Test
    void changeCommittedWhileACrlIsMadeIsInTheNextCrl() throws Exception {
        BigInteger serial = device();
        ChangingWhileRead racing = new ChangingWhileRead(source, serial, CertificateStatus.held(start));
        CrlPublisher racy = new CrlPublisher(vault, directory, racing, clock);
        racing.listener = racy;

        X509CRL first = parse(racy.findCrl(IDEVID_CA).orElseThrow());
        X509CRL second = parse(racy.findCrl(IDEVID_CA).orElseThrow());

        assertThat(first.getRevokedCertificate(serial))
                .as("read before the change")
                .isNull();
        assertThat(second.getRevokedCertificate(serial)).isNotNull();
    }

    @Test
    void crlIsMadeAgainOnceHalfItsValidityHasPassed() throws Exception {
        X509CRL first = crl(IDEVID_CA);

        clock.advance(Duration.ofHours(12));
        X509CRL second = crl(IDEVID_CA);

        assertThat(second.getThisUpdate().toInstant()).isEqualTo(start.plus(Duration.ofHours(12)));
        assertThat(second.getNextUpdate().toInstant()).isEqualTo(start.plus(Duration.ofHours(36)));
        assertThat(crlNumber(second)).isGreaterThan(crlNumber(first));
    }

    @Test
    void crlNumbersIncreaseEvenWithinOneSecond() throws Exception {
        BigInteger serial = device();
        X509CRL first = crl(IDEVID_CA);
        source.change(IDEVID_CA, serial, CertificateStatus.held(start));
        X509CRL second = crl(IDEVID_CA);
        source.change(IDEVID_CA, serial, CertificateStatus.GOOD);
        X509CRL third = crl(IDEVID_CA);

        assertThat(crlNumber(second)).isGreaterThan(crlNumber(first));
        assertThat(crlNumber(third)).isGreaterThan(crlNumber(second));
    }

    @Test
    void crlValidityIsConfigurable() throws Exception {
        CrlPublisher hourly = new CrlPublisher(vault, directory, source, clock, Duration.ofHours(1));

        X509CRL crl = parse(hourly.findCrl(IDEVID_CA).orElseThrow());

        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(start.plus(Duration.ofHours(1)));
    }

    @Test
    void unknownCaHasNoCrl() {
        assertThat(publisher.findCrl("org.other.idevid-ca")).isEmpty();
    }

    private BigInteger device() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PublicKey key = generator.generateKeyPair().getPublic();
        BigInteger serial = ca.issue(key, OrganizationCaTest.idevid("SN-1")).getSerialNumber();
        source.issued(IDEVID_CA, serial);
        return serial;
    }

    private X509CRL crl(String alias) throws Exception {
        return parse(publisher.findCrl(alias).orElseThrow());
    }

    static X509CRL parse(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    static BigInteger crlNumber(X509CRL crl) {
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(crl.getExtensionValue(Extension.cRLNumber.getId()))
                        .getOctets())
                .getValue();
    }

    private static void assertEntry(X509CRLEntry entry, Instant revokedAt, CRLReason reason) {
        assertThat(entry).isNotNull();
        assertThat(entry.getRevocationDate().toInstant()).isEqualTo(revokedAt);
        assertThat(entry.getRevocationReason()).isEqualTo(reason);
    }
}
