package io.hallmark.server.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.pki.OrganizationCa.Purpose;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;

class OcspResponderTest {
    private static final String IDEVID_CA = "org.acme.idevid-ca";
    private static final AlgorithmIdentifier SHA1 = new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1);
    private static final AlgorithmIdentifier SHA256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);

    private final InMemoryKeyVault vault = new InMemoryKeyVault();
    private final Instant start = Instant.parse("2026-11-26T09:00:00Z");
    private final MutableClock clock = new MutableClock(start);
    private final OrganizationCa ca = OrganizationCa.ensure(
            vault, clock, "acme", "Acme Devices", Set.of(Purpose.IDEVID, Purpose.LDEVID), OrganizationCaTest.BASE_URL);
    private final X509Certificate issuer = ca.issuer(Purpose.IDEVID);
    private final CaDirectory directory = new CaDirectory().register(ca);
    private final InMemoryStatusSource source = new InMemoryStatusSource();
    private final OcspResponder responder = new OcspResponder(vault, directory, source, clock);

    OcspResponderTest() {
        source.tell(responder);
    }

    @Test
    void goodCertificateIsAnsweredGoodInAResponseSignedByItsIssuingCa() throws Exception {
        X509Certificate device = device();

        OCSPResp response = new OCSPResp(responder.respond(request(SHA1, null, device)));

        assertThat(response.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey())))
                .isTrue();
        byte[] keyHash = MessageDigest.getInstance("SHA-1")
                .digest(SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded())
                        .getPublicKeyData()
                        .getBytes());
        assertThat(basic.getResponderId().toASN1Primitive().getKeyHash())
                .as("RFC 6960 §4.2.2.3 byKey")
                .isEqualTo(keyHash);
        assertThat(basic.getProducedAt().toInstant()).isEqualTo(start);
        assertThat(basic.getCerts())
                .as("the CA signs itself; the client has its certificate")
                .isEmpty();
        SingleResp single = basic.getResponses()[0];
        assertThat(single.getCertStatus()).isNull(); // good
        assertThat(single.getCertID().getSerialNumber()).isEqualTo(device.getSerialNumber());
        assertThat(single.getThisUpdate().toInstant()).isEqualTo(start);
        assertThat(single.getNextUpdate().toInstant()).isEqualTo(start.plus(Duration.ofHours(1)));
        assertThat(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNull();
    }

    @Test
    void heldCertificateIsRevokedWithCertificateHold() throws Exception {
        X509Certificate device = device();
        source.change(IDEVID_CA, device.getSerialNumber(), CertificateStatus.held(start.minusSeconds(5)));

        RevokedStatus status = (RevokedStatus)
                single(responder.respond(request(SHA1, null, device))).getCertStatus();

        assertThat(status.getRevocationTime().toInstant()).isEqualTo(start.minusSeconds(5));
        assertThat(status.hasRevocationReason()).isTrue();
        assertThat(status.getRevocationReason()).isEqualTo(CRLReason.certificateHold);
    }

    @Test
    void revokedCertificateIsRevokedWithItsTimeAndReason() throws Exception {
        X509Certificate device = device();
        source.change(
                IDEVID_CA,
                device.getSerialNumber(),
                CertificateStatus.revoked(start.minusSeconds(60), CertificateStatus.Reason.CESSATION_OF_OPERATION));

        RevokedStatus status = (RevokedStatus)
                single(responder.respond(request(SHA1, null, device))).getCertStatus();

        assertThat(status.getRevocationTime().toInstant()).isEqualTo(start.minusSeconds(60));
        assertThat(status.getRevocationReason()).isEqualTo(CRLReason.cessationOfOperation);
    }

    @Test
    void revokedForAnUnspecifiedReasonCarriesNoReason() throws Exception {
        X509Certificate device = device();
        source.change(
                IDEVID_CA,
                device.getSerialNumber(),
                CertificateStatus.revoked(start, CertificateStatus.Reason.UNSPECIFIED));

        RevokedStatus status = (RevokedStatus)
                single(responder.respond(request(SHA1, null, device))).getCertStatus();

        assertThat(status.hasRevocationReason()).isFalse();
    }

    @Test
    void serialTheCaNeverIssuedIsUnknown() throws Exception {
        X509Certificate device = device();

        byte[] response = responder.respond(request(SHA1, null, ca.issuer(Purpose.IDEVID), BigInteger.TEN));

        assertThat(single(response).getCertStatus()).isInstanceOf(UnknownStatus.class);
        assertThat(single(responder.respond(request(SHA1, null, device))).getCertStatus())
                .isNull();
    }

    @Test
    void certificateOfAnIssuerNotInTheDirectoryIsUnauthorized() throws Exception {
        OrganizationCa other = OrganizationCa.ensure(
                vault, clock, "other", "Other Devices", Set.of(Purpose.IDEVID), OrganizationCaTest.BASE_URL);

        byte[] response = responder.respond(request(SHA1, null, other.issuer(Purpose.IDEVID), BigInteger.ONE));

        assertThat(new OCSPResp(response).getStatus()).isEqualTo(OCSPResp.UNAUTHORIZED);
    }

    @Test
    void certificatesOfTwoCasInOneRequestAreUnauthorized() throws Exception {
        OCSPReqBuilder builder = new OCSPReqBuilder();
        builder.addRequest(certId(SHA1, issuer, BigInteger.ONE));
        builder.addRequest(certId(SHA1, ca.issuer(Purpose.LDEVID), BigInteger.TWO));

        byte[] response = responder.respond(builder.build().getEncoded());

        assertThat(new OCSPResp(response).getStatus()).isEqualTo(OCSPResp.UNAUTHORIZED);
    }

    @Test
    void malformedBytesAreAnsweredMalformedRequest() throws Exception {
        assertThat(new OCSPResp(responder.respond(new byte[] {0x30, 0x03, 0x02, 0x01})).getStatus())
                .isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(new OCSPResp(responder.respond(new byte[0])).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(new OCSPResp(responder.respond(null)).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(new OCSPResp(responder.respond(issuer.getEncoded())).getStatus())
                .as("a certificate is not a request")
                .isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }

    @Test
    void nonceIsEchoedInTheSignedResponse() throws Exception {
        X509Certificate device = device();
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);

        BasicOCSPResp basic = basic(responder.respond(request(SHA1, nonce, device)));

        Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        assertThat(echoed).isNotNull();
        assertThat(DEROctetString.getInstance(echoed.getParsedValue()).getOctets())
                .isEqualTo(nonce);
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey())))
                .isTrue();
    }

    @Test
    void nonceLongerThanThirtyTwoOctetsIsMalformed() throws Exception {
        X509Certificate device = device();

        byte[] response = responder.respond(request(SHA1, new byte[33], device));

        assertThat(new OCSPResp(response).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }

    @Test
    void requestsWithANonceAreSignedEveryTime() throws Exception {
        X509Certificate device = device();
        responder.respond(request(SHA1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, device));
        int signatures = vault.signatureCount(IDEVID_CA);

        responder.respond(request(SHA1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17}, device));

        assertThat(vault.signatureCount(IDEVID_CA)).isEqualTo(signatures + 1);
    }

    @Test
    void sha256CertIdIsMatchedAndEchoed() throws Exception {
        X509Certificate device = device();
        source.change(IDEVID_CA, device.getSerialNumber(), CertificateStatus.held(start));

        SingleResp single = single(responder.respond(request(SHA256, null, device)));

        assertThat(single.getCertID().getHashAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(single.getCertStatus()).isInstanceOf(RevokedStatus.class);
    }

    @Test
    void everyCertIdOfARequestIsAnswered() throws Exception {
        X509Certificate good = device();
        X509Certificate revoked = device();
        source.change(
                IDEVID_CA,
                revoked.getSerialNumber(),
                CertificateStatus.revoked(start, CertificateStatus.Reason.KEY_COMPROMISE));
        OCSPReqBuilder builder = new OCSPReqBuilder();
        builder.addRequest(certId(SHA1, issuer, good.getSerialNumber()));
        builder.addRequest(certId(SHA256, issuer, revoked.getSerialNumber()));
        builder.addRequest(certId(SHA1, issuer, BigInteger.TEN));

        SingleResp[] responses =
                basic(responder.respond(builder.build().getEncoded())).getResponses();

        assertThat(responses).hasSize(3);
        assertThat(responses[0].getCertID().getSerialNumber()).isEqualTo(good.getSerialNumber());
        assertThat(responses[0].getCertStatus()).isNull();
        assertThat(responses[1].getCertID().getSerialNumber()).isEqualTo(revoked.getSerialNumber());
        assertThat(((RevokedStatus) responses[1].getCertStatus()).getRevocationReason())
                .isEqualTo(CRLReason.keyCompromise);
        assertThat(responses[2].getCertStatus()).isInstanceOf(UnknownStatus.class);
    }

    @Test
    void rootAnswersForItsIssuingCas() throws Exception {
        byte[] response = responder.respond(request(SHA1, null, ca.root(), issuer.getSerialNumber()));

        BasicOCSPResp basic = basic(response);
        assertThat(basic.isSignatureValid(
                        new JcaContentVerifierProviderBuilder().build(ca.root().getPublicKey())))
                .isTrue();
    }

    @Test
    void unchangedStatusIsServedFromCacheWithoutReadingOrSigning() throws Exception {
        X509Certificate device = device();
        byte[] request = request(SHA1, null, device);
        byte[] first = responder.respond(request);
        int reads = source.reads();
        int signatures = vault.signatureCount(IDEVID_CA);
        clock.advance(Duration.ofMinutes(29));

        byte[] second = responder.respond(request);

        assertThat(second).isEqualTo(first);
        assertThat(source.reads()).isEqualTo(reads);
        assertThat(vault.signatureCount(IDEVID_CA)).isEqualTo(signatures);
    }

    @Test
    void revokedAfterACachedGoodAnswerIsAnsweredRevoked() throws Exception {
        X509Certificate device = device();
        byte[] request = request(SHA1, null, device);
        assertThat(single(responder.respond(request)).getCertStatus()).isNull();

        source.change(
                IDEVID_CA,
                device.getSerialNumber(),
                CertificateStatus.revoked(start, CertificateStatus.Reason.CESSATION_OF_OPERATION));

        assertThat(single(responder.respond(request)).getCertStatus()).isInstanceOf(RevokedStatus.class);
    }

    @Test
    void releasedHoldIsAnsweredGoodAgain() throws Exception {
        X509Certificate device = device();
        byte[] request = request(SHA1, null, device);
        source.change(IDEVID_CA, device.getSerialNumber(), CertificateStatus.held(start));
        assertThat(single(responder.respond(request)).getCertStatus()).isInstanceOf(RevokedStatus.class);

        source.change(IDEVID_CA, device.getSerialNumber(), CertificateStatus.GOOD);

        assertThat(single(responder.respond(request)).getCertStatus()).isNull();
    }

    @Test
    void changeCommittedWhileAResponseIsMadeIsSeenByTheNextRequest() throws Exception {
        X509Certificate device = device();
        ChangingWhileRead racing =
                new ChangingWhileRead(source, device.getSerialNumber(), CertificateStatus.held(start));
        OcspResponder racy = new OcspResponder(vault, directory, racing, clock);
        racing.listener = racy;
        byte[] request = request(SHA1, null, device);

        assertThat(single(racy.respond(request)).getCertStatus())
                .as("read before the change")
                .isNull();

        assertThat(single(racy.respond(request)).getCertStatus()).isInstanceOf(RevokedStatus.class);
    }

    @Test
    void cachedResponseIsMadeAgainOnceHalfItsValidityHasPassed() throws Exception {
        X509Certificate device = device();
        byte[] request = request(SHA1, null, device);
        responder.respond(request);

        clock.advance(Duration.ofMinutes(30));
        SingleResp single = single(responder.respond(request));

        assertThat(single.getThisUpdate().toInstant()).isEqualTo(start.plus(Duration.ofMinutes(30)));
    }

    @Test
    void cacheKeepsAtMostTheConfiguredNumberOfResponses() throws Exception {
        OcspResponder small =
                new OcspResponder(vault, directory, source, clock, new OcspResponder.Settings(Duration.ofHours(1), 1));
        X509Certificate first = device();
        X509Certificate second = device();
        small.respond(request(SHA1, null, first));
        small.respond(request(SHA1, null, second));
        int signatures = vault.signatureCount(IDEVID_CA);

        small.respond(request(SHA1, null, first));
        small.respond(request(SHA1, null, second));

        assertThat(vault.signatureCount(IDEVID_CA)).as("each evicted the other").isEqualTo(signatures + 2);
    }

    @Test
    void getPathDecodesUrlEncodedBase64OfTheRequest() throws Exception {
        X509Certificate device = device();
        byte[] request = request(SHA1, null, device);
        String base64 = Base64.getEncoder().encodeToString(request);

        assertThat(OcspResponder.decodeGetPath(URLEncoder.encode(base64, StandardCharsets.US_ASCII)))
                .isEqualTo(request);
        assertThat(OcspResponder.decodeGetPath("/" + base64)).isEqualTo(request);
        assertThat(OcspResponder.decodeGetPath(
                        Base64.getUrlEncoder().withoutPadding().encodeToString(request)))
                .isEqualTo(request);
        assertThat(OcspResponder.decodeGetPath("MEMwQTA/MD0wOzAJBgUrDgMCGgUABBQ+ab+/"))
                .isNotEmpty();
    }

    @Test
    void getPathThatIsNotBase64DecodesToNothing() throws Exception {
        assertThat(OcspResponder.decodeGetPath("not base64!")).isEmpty();
        assertThat(OcspResponder.decodeGetPath("%G0")).isEmpty();
        assertThat(OcspResponder.decodeGetPath("abc%")).isEmpty();
        assertThat(OcspResponder.decodeGetPath(null)).isEmpty();
        assertThat(new OCSPResp(responder.respond(OcspResponder.decodeGetPath("%%"))).getStatus())
                .isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }

    private X509Certificate device() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PublicKey key = generator.generateKeyPair().getPublic();
        X509Certificate certificate = ca.issue(key, OrganizationCaTest.idevid("SN-1"));
        source.issued(IDEVID_CA, certificate.getSerialNumber());
        return certificate;
    }

    private byte[] request(AlgorithmIdentifier hash, byte[] nonce, X509Certificate device) throws Exception {
        return request(hash, nonce, issuer, device.getSerialNumber());
    }

    static byte[] request(AlgorithmIdentifier hash, byte[] nonce, X509Certificate issuer, BigInteger serial)
            throws Exception {
        OCSPReqBuilder builder = new OCSPReqBuilder();
        builder.addRequest(certId(hash, issuer, serial));
        if (nonce != null) {
            builder.setRequestExtensions(new Extensions(new Extension(
                    OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce).getEncoded())));
        }
        return builder.build().getEncoded();
    }

    static CertificateID certId(AlgorithmIdentifier hash, X509Certificate issuer, BigInteger serial) throws Exception {
        return new CertificateID(
                new BcDigestCalculatorProvider().get(hash), new JcaX509CertificateHolder(issuer), serial);
    }

    private static BasicOCSPResp basic(byte[] response) throws Exception {
        OCSPResp parsed = new OCSPResp(response);
        assertThat(parsed.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        return (BasicOCSPResp) parsed.getResponseObject();
    }

    private static SingleResp single(byte[] response) throws Exception {
        SingleResp[] responses = basic(response).getResponses();
        assertThat(responses).hasSize(1);
        return responses[0];
    }
}
