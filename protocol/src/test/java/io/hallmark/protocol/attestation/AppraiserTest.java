package io.hallmark.protocol.attestation;

import static io.hallmark.protocol.attestation.AttestationFixtures.FIRMWARE;
import static io.hallmark.protocol.attestation.AttestationFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppraiserTest {
    private final AttestationFixtures device = new AttestationFixtures("SN-0001");
    private final Appraiser appraiser = new Appraiser(Appraiser.Policy.DEFAULT);

    private Appraiser.Appraisal appraise(String token) {
        return appraiser.appraise(token, device.facts());
    }

    private static EvidenceWriter.Claims withMeasurements(EvidenceWriter.Claims c, List<Measurement> m) {
        return new EvidenceWriter.Claims(
                c.nonce(), c.serial(), c.hwmodel(), c.swname(), c.swversion(), c.dbgstat(), c.oemboot(), m, c.iat());
    }

    @Test
    void genuineEvidenceMatchingEveryReferenceValueIsAffirming() {
        Appraiser.Appraisal a = appraise(device.token(device.claims()));

        assertThat(a.findings()).isEmpty();
        assertThat(a.status()).isEqualTo(Tier.AFFIRMING);
        assertThat(a.vector()).isEqualTo(new TrustVector(2, 2, 3, 0, 2, 0, 0, 0));
    }

    @Test
    void aChangedDigestIsContraindicatedWithTheExpectedAndActualDigests() {
        List<Measurement> tampered = new ArrayList<>(device.claims().measurements());
        tampered.set(1, new Measurement("kernel", "sha-256", AttestationFixtures.digest("rootkit")));

        Appraiser.Appraisal a = appraise(device.token(withMeasurements(device.claims(), tampered)));

        assertThat(a.status()).isEqualTo(Tier.CONTRAINDICATED);
        assertThat(a.vector().executables()).isEqualTo(96);
        assertThat(a.findings()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("attestation.measurement.mismatch");
            assertThat(f.severity()).isEqualTo(Finding.Severity.CONTRAINDICATED);
            assertThat(f.expected()).contains("kernel sha-256:");
            assertThat(f.actual()).contains(tampered.get(1).hex());
        });
    }

    @Test
    void debugEnabledInProductionIsAWarningAndOutsideProductionOnlyNoted() {
        EvidenceWriter.Claims c = device.claims();
        EvidenceWriter.Claims debug = new EvidenceWriter.Claims(
                c.nonce(),
                c.serial(),
                c.hwmodel(),
                c.swname(),
                c.swversion(),
                DebugStatus.ENABLED,
                true,
                c.measurements(),
                c.iat());
        String token = device.token(debug);

        Appraiser.Appraisal production = appraise(token);
        Appraiser.Facts f = device.facts();
        Appraiser.Appraisal lab = appraiser.appraise(
                token,
                new Appraiser.Facts(f.serial(), f.keys(), f.nonce(), f.reference(), f.productModel(), false, f.now()));

        assertThat(production.status()).isEqualTo(Tier.WARNING);
        assertThat(production.vector().configuration()).isEqualTo(32);
        assertThat(production.findingIds()).containsExactly("attestation.debug.enabled");
        assertThat(lab.status()).isEqualTo(Tier.AFFIRMING);
        assertThat(lab.findings()).singleElement().extracting(Finding::severity).isEqualTo(Finding.Severity.INFO);
    }

    @Test
    void aReplayedNonceIsRejected() {
        Appraiser.Facts f = device.facts();
        Appraiser.Appraisal a = appraiser.appraise(
                device.token(device.claims()),
                new Appraiser.Facts(
                        f.serial(),
                        f.keys(),
                        Optional.of(new Appraiser.IssuedNonce(f.serial(), NOW.minusSeconds(10), true)),
                        f.reference(),
                        f.productModel(),
                        true,
                        f.now()));

        assertThat(a.rejected()).isTrue();
        assertThat(a.status()).isEqualTo(Tier.NONE);
        assertThat(a.findingIds()).containsExactly("attestation.nonce.replayed");
    }

    @Test
    void aNonceNeverIssuedOrIssuedToAnotherDeviceIsUnknown() {
        Appraiser.Facts f = device.facts();
        String token = device.token(device.claims());
        Appraiser.Appraisal never = appraiser.appraise(
                token,
                new Appraiser.Facts(
                        f.serial(), f.keys(), Optional.empty(), f.reference(), f.productModel(), true, f.now()));
        Appraiser.Appraisal other = appraiser.appraise(
                token,
                new Appraiser.Facts(
                        f.serial(),
                        f.keys(),
                        Optional.of(new Appraiser.IssuedNonce("SN-0002", NOW.minusSeconds(10), false)),
                        f.reference(),
                        f.productModel(),
                        true,
                        f.now()));

        assertThat(never.findingIds()).containsExactly("attestation.nonce.unknown");
        assertThat(other.findingIds()).containsExactly("attestation.nonce.unknown");
    }

    @Test
    void anExpiredNonceAndStaleOrFutureEvidenceAreRejected() {
        Appraiser.Facts f = device.facts();
        Appraiser.Appraisal expired = appraiser.appraise(
                device.token(device.claims()),
                new Appraiser.Facts(
                        f.serial(),
                        f.keys(),
                        Optional.of(new Appraiser.IssuedNonce(f.serial(), NOW.minus(Duration.ofMinutes(6)), false)),
                        f.reference(),
                        f.productModel(),
                        true,
                        f.now()));
        EvidenceWriter.Claims c = device.claims();
        EvidenceWriter.Claims old = new EvidenceWriter.Claims(
                c.nonce(),
                c.serial(),
                c.hwmodel(),
                c.swname(),
                c.swversion(),
                c.dbgstat(),
                true,
                c.measurements(),
                NOW.minus(Duration.ofHours(1)).getEpochSecond());
        EvidenceWriter.Claims future = new EvidenceWriter.Claims(
                c.nonce(),
                c.serial(),
                c.hwmodel(),
                c.swname(),
                c.swversion(),
                c.dbgstat(),
                true,
                c.measurements(),
                NOW.plusSeconds(3600).getEpochSecond());

        assertThat(expired.findingIds()).containsExactly("attestation.nonce.expired");
        assertThat(appraise(device.token(old)).findingIds()).containsExactly("attestation.iat.stale");
        assertThat(appraise(device.token(future)).findingIds()).containsExactly("attestation.iat.future");
    }

    @Test
    void evidenceSignedWithAForeignKeyIsRejected() {
        AttestationFixtures stranger = new AttestationFixtures("SN-0001");

        Appraiser.Appraisal ownCertificate = appraise(stranger.token(device.claims()));
        Appraiser.Appraisal borrowedCertificate = appraise(EvidenceWriter.sign(
                EvidenceWriter.claims(device.claims()),
                stranger.key.getPrivate(),
                "ES256",
                EvidenceWriter.thumbprint(device.certificate)));

        assertThat(ownCertificate.findingIds()).containsExactly("attestation.key.unbound");
        assertThat(borrowedCertificate.findingIds()).containsExactly("attestation.signature.invalid");
    }

    @Test
    void evidenceNamingAnotherDeviceIsRejected() {
        EvidenceWriter.Claims c = device.claims();
        EvidenceWriter.Claims other = new EvidenceWriter.Claims(
                c.nonce(),
                "SN-0002",
                c.hwmodel(),
                c.swname(),
                c.swversion(),
                c.dbgstat(),
                true,
                c.measurements(),
                c.iat());

        assertThat(appraise(device.token(other)).findingIds()).containsExactly("attestation.ueid.mismatch");
    }

    @Test
    void aRevokedCertificateOrOneOutsideTheDevicesChainIsRejected() {
        Appraiser.Facts f = device.facts();
        String token = device.token(device.claims());
        Appraiser.Appraisal revoked = appraiser.appraise(
                token,
                new Appraiser.Facts(
                        f.serial(),
                        List.of(new Appraiser.DeviceKey(device.certificate, true, true)),
                        f.nonce(),
                        f.reference(),
                        f.productModel(),
                        true,
                        f.now()));
        Appraiser.Appraisal unchained = appraiser.appraise(
                token,
                new Appraiser.Facts(
                        f.serial(),
                        List.of(new Appraiser.DeviceKey(device.certificate, false, false)),
                        f.nonce(),
                        f.reference(),
                        f.productModel(),
                        true,
                        f.now()));

        assertThat(revoked.findingIds()).containsExactly("attestation.certificate.revoked");
        assertThat(unchained.findingIds()).containsExactly("attestation.certificate.chain-invalid");
    }

    @Test
    void aHeaderNamingAnAlgorithmTheKeyDoesNotFitIsKeyConfusion() throws Exception {
        String es384 = EvidenceWriter.sign(
                EvidenceWriter.claims(device.claims()),
                AttestationFixtures.ecKey("secp384r1").getPrivate(),
                "ES384",
                EvidenceWriter.thumbprint(device.certificate));
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
        String eddsa = EvidenceWriter.sign(
                EvidenceWriter.claims(device.claims()),
                ed.generateKeyPair().getPrivate(),
                "EdDSA",
                EvidenceWriter.thumbprint(device.certificate));

        assertThat(appraise(es384).findingIds()).containsExactly("attestation.key.alg-mismatch");
        assertThat(appraise(eddsa).findingIds()).containsExactly("attestation.key.alg-mismatch");
    }

    @Test
    void es384AndEdDsaDevicesAreAppraisedToo() throws Exception {
        AttestationFixtures p384 = new AttestationFixtures("SN-0001", "secp384r1");
        assertThat(appraiser.appraise(p384.token(p384.claims()), p384.facts()).status())
                .isEqualTo(Tier.AFFIRMING);
    }

    @Test
    void noneHmacAndMissingAlgorithmsAreRefused() {
        String claims = b64(new String(
                io.hallmark.core.CanonicalJson.write(EvidenceWriter.claims(device.claims()))
                        .getBytes(),
                StandardCharsets.UTF_8));
        String x5t = Base64Url.encode(EvidenceWriter.thumbprint(device.certificate));

        assertThat(appraise(b64("{\"alg\":\"none\",\"x5t#S256\":\"" + x5t + "\"}") + "." + claims + ".")
                        .findingIds())
                .containsExactly("attestation.alg.refused");
        assertThat(appraise(b64("{\"alg\":\"HS256\",\"x5t#S256\":\"" + x5t + "\"}") + "." + claims + ".AAAA")
                        .findingIds())
                .containsExactly("attestation.alg.refused");
        assertThat(appraise(b64("{\"x5t#S256\":\"" + x5t + "\"}") + "." + claims + ".AAAA")
                        .findingIds())
                .containsExactly("attestation.alg.missing");
        assertThat(appraise(b64("{\"alg\":\"ES256\",\"jwk\":{},\"x5t#S256\":\"" + x5t + "\"}") + "." + claims + ".AAAA")
                        .findingIds())
                .containsExactly("attestation.header.invalid");
    }

    @Test
    void aSignatureOfTheWrongLengthIsRefusedBeforeVerification() {
        String token = device.token(device.claims());
        byte[] sig = Base64Url.decode(token.substring(token.lastIndexOf('.') + 1));
        byte[] longer = java.util.Arrays.copyOf(sig, sig.length + 1);
        String bad = token.substring(0, token.lastIndexOf('.') + 1) + Base64Url.encode(longer);

        assertThat(appraise(bad).findingIds()).containsExactly("attestation.signature.length");
    }

    @Test
    void duplicatedClaimsOversizedTokensAndTooManyClaimsAreRefused() {
        String header = b64("{\"alg\":\"ES256\",\"x5t#S256\":\"" + Base64Url.encode(new byte[32]) + "\"}");
        Map<String, Object> many = new LinkedHashMap<>(EvidenceWriter.claims(device.claims()));
        for (int i = 0; many.size() <= EvidenceParser.MAX_CLAIMS; i++) {
            many.put("x" + i, i);
        }

        assertThat(appraise(header + "." + b64("{\"iat\":1,\"iat\":2}") + ".AAAA")
                        .findingIds())
                .containsExactly("attestation.claim.duplicate");
        assertThat(appraise("a".repeat(EvidenceParser.MAX_TOKEN_CHARS + 1)).findingIds())
                .containsExactly("attestation.token.oversized");
        assertThat(appraise(header + "." + b64(io.hallmark.core.CanonicalJson.write(many)) + ".AAAA")
                        .findingIds())
                .containsExactly("attestation.claims.too-many");
        assertThat(appraise("not a token").findingIds()).containsExactly("attestation.token.malformed");
    }

    @Test
    void unknownAndMissingComponentsAndAbsentReferenceValuesAreWarnings() {
        List<Measurement> m = List.of(
                new Measurement("bootloader", "sha-256", FIRMWARE.get("bootloader")),
                new Measurement("kernel", "sha-256", FIRMWARE.get("kernel")),
                new Measurement("plugin", "sha-256", AttestationFixtures.digest("plugin")));
        Appraiser.Appraisal a = appraise(device.token(withMeasurements(device.claims(), m)));
        Appraiser.Facts f = device.facts();
        Appraiser.Appraisal none = appraiser.appraise(
                device.token(device.claims()),
                new Appraiser.Facts(f.serial(), f.keys(), f.nonce(), Map.of(), f.productModel(), true, f.now()));

        assertThat(a.status()).isEqualTo(Tier.WARNING);
        assertThat(a.vector().executables()).isEqualTo(33);
        assertThat(a.findingIds())
                .containsExactly("attestation.measurement.unknown-component", "attestation.measurement.missing");
        assertThat(none.findingIds()).containsExactly("attestation.reference.absent");
        assertThat(none.status()).isEqualTo(Tier.WARNING);
    }

    @Test
    void anotherProductsHardwareModelIsContraindicated() {
        Appraiser.Facts f = device.facts();
        Appraiser.Appraisal a = appraiser.appraise(
                device.token(device.claims()),
                new Appraiser.Facts(
                        f.serial(), f.keys(), f.nonce(), f.reference(), Optional.of("CAM-9"), true, f.now()));

        assertThat(a.findingIds()).containsExactly("attestation.hwmodel.mismatch");
        assertThat(a.vector().hardware()).isEqualTo(97);
        assertThat(a.status()).isEqualTo(Tier.CONTRAINDICATED);
    }

    @Test
    void matchingTheMeasurementsOfARevokedReleaseIsContraindicated() {
        Appraiser.Facts f = device.facts();
        Appraiser.Appraisal a = appraiser.appraise(
                device.token(device.claims()),
                new Appraiser.Facts(
                        f.serial(),
                        f.keys(),
                        f.nonce(),
                        f.reference(),
                        f.productModel(),
                        true,
                        f.now(),
                        Optional.of("release 2.3.0 (rel_1) revoked")));

        assertThat(a.status()).isEqualTo(Tier.CONTRAINDICATED);
        assertThat(a.vector().executables()).isEqualTo(96);
        assertThat(a.findings()).singleElement().satisfies(x -> {
            assertThat(x.id()).isEqualTo("attestation.release.revoked");
            assertThat(x.severity()).isEqualTo(Finding.Severity.CONTRAINDICATED);
            assertThat(x.actual()).isEqualTo("release 2.3.0 (rel_1) revoked");
        });
    }

    @Test
    void theResultClaimsReadBackAsWritten() {
        Appraiser.Appraisal a = appraise(device.token(device.claims()));
        Map<String, Object> claims = EarClaims.of(a, "SN-0001", NOW, "https://hallmark.example", "hallmark 0.1", "p1");

        EarClaims.Result r =
                EarClaims.read(io.hallmark.core.CanonicalJson.write(claims).getBytes());

        assertThat(claims).containsEntry("eat_profile", "tag:ietf.org,2026:rats/ear#03");
        assertThat(r.status()).isEqualTo(Tier.AFFIRMING);
        assertThat(r.vector()).isEqualTo(a.vector());
        assertThat(r.serial()).isEqualTo("SN-0001");
        assertThat(r.nonce()).contains(AttestationFixtures.NONCE);
    }

    @Test
    void theFindingsOfAResultReadBackWithTheirExpectedAndActualValues() {
        List<Measurement> tampered = new ArrayList<>(device.claims().measurements());
        tampered.set(0, new Measurement("bootloader", "sha-256", AttestationFixtures.digest("implant")));
        Appraiser.Appraisal a = appraise(device.token(withMeasurements(device.claims(), tampered)));

        EarClaims.Result r = EarClaims.read(io.hallmark.core.CanonicalJson.write(
                        EarClaims.of(a, "SN-0001", NOW, "https://hallmark.example", "hallmark 0.1", "p1"))
                .getBytes(StandardCharsets.UTF_8));

        assertThat(r.status()).isEqualTo(Tier.CONTRAINDICATED);
        assertThat(r.findings()).isEqualTo(a.findings());
    }

    @Test
    void theMeasurementEntryIsTheOneTheProtocolDocumentShows() {
        byte[] abc = AttestationFixtures.digest("abc");

        assertThat(EvidenceWriter.measurementContent(new Measurement("bootloader", "sha-256", abc)))
                .isEqualTo(
                        "eyJkaWdlc3QiOlsic2hhLTI1NiIsInVuZ1d2NDhCei1wQlFVRGVYYTRpSTdBRFlhT1dGM3FjdEJEX1lmSUFGYTAiXSwibmFtZSI6"
                                + "ImJvb3Rsb2FkZXIifQ");
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
