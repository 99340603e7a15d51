package io.hallmark.protocol.voucher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.core.UntrustedInputException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class VoucherJwsTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final KeyPair ROOT_KEY = key();
    private static final X509Certificate ROOT = certificate("CN=Maker Root", ROOT_KEY, "CN=Maker Root", ROOT_KEY, true);
    private static final KeyPair MASA_KEY = key();
    private static final X509Certificate MASA =
            certificate("CN=Maker MASA", MASA_KEY, "CN=Maker Root", ROOT_KEY, false);
    private static final KeyPair OTHER_KEY = key();
    private static final X509Certificate OTHER_ROOT =
            certificate("CN=Other Root", OTHER_KEY, "CN=Other Root", OTHER_KEY, true);
    private static final byte[] NONCE = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static KeyPair key() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate certificate(String subject, KeyPair key, String issuer, KeyPair issuerKey, boolean ca) {
        try {
            var b = new JcaX509v3CertificateBuilder(
                    new X500Name(issuer),
                    BigInteger.valueOf(System.nanoTime()),
                    Date.from(NOW.minus(Duration.ofDays(1))),
                    Date.from(NOW.plus(Duration.ofDays(3650))),
                    new X500Name(subject),
                    key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sign(KeyPair key, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key.getPrivate());
            s.update(data);
            return s.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Voucher voucher(Optional<byte[]> nonce, Optional<Instant> expires) throws Exception {
        return new Voucher(
                NOW,
                expires,
                Voucher.Assertion.VERIFIED,
                "SN-1",
                Optional.empty(),
                OTHER_ROOT.getEncoded(),
                Optional.of(false),
                nonce);
    }

    static String signed(Voucher v) {
        return VoucherJws.sign(VoucherCodec.encode(v), List.of(MASA, ROOT), data -> sign(MASA_KEY, data));
    }

    @Test
    void aVoucherSignedByTheManufacturersMasaVerifiesAgainstItsRootAndRoundTrips() throws Exception {
        Voucher v = voucher(Optional.of(NONCE), Optional.of(NOW.plusSeconds(3600)));

        Voucher verified = VoucherJws.verifyVoucher(
                signed(v), List.of(ROOT), NOW, new VoucherJws.Expectation("SN-1", Optional.of(NONCE)));

        assertThat(verified).isEqualTo(v);
        assertThat(new String(VoucherCodec.encode(v), StandardCharsets.UTF_8))
                .startsWith("{\"ietf-voucher:voucher\":{\"created-on\":\"2026-11-26T10:00:00Z\"")
                .contains("\"assertion\":\"verified\"", "\"serial-number\":\"SN-1\"", "\"pinned-domain-cert\":\"");
    }

    @Test
    void eachFailedCheckIsNamed() throws Exception {
        String good = signed(voucher(Optional.of(NONCE), Optional.of(NOW.plusSeconds(3600))));
        var expect = new VoucherJws.Expectation("SN-1", Optional.of(NONCE));

        assertThatThrownBy(() -> VoucherJws.verifyVoucher(good, List.of(OTHER_ROOT), NOW, expect))
                .hasMessageContaining("not a trusted manufacturer");
        assertThatThrownBy(() -> VoucherJws.verifyVoucher(
                        good, List.of(ROOT), NOW, new VoucherJws.Expectation("SN-2", Optional.of(NONCE))))
                .hasMessageContaining("for serial SN-1");
        assertThatThrownBy(() -> VoucherJws.verifyVoucher(good, List.of(ROOT), NOW.plusSeconds(7200), expect))
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> VoucherJws.verifyVoucher(
                        good, List.of(ROOT), NOW, new VoucherJws.Expectation("SN-1", Optional.of(new byte[16]))))
                .hasMessageContaining("nonce");
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertThatThrownBy(() -> VoucherJws.verifyVoucher(tampered, List.of(ROOT), NOW, expect))
                .isInstanceOf(UntrustedInputException.class);
    }

    @Test
    void aVoucherWithoutNonceMustExpire() {
        assertThatThrownBy(() -> voucher(Optional.empty(), Optional.empty())).hasMessageContaining("RFC 8366");
    }

    @Test
    void aVoucherRequestIsBoundToThePledgesTlsCertificateAndSerial() {
        KeyPair pledgeKey = key();
        X509Certificate pledge = certificate("SERIALNUMBER=SN-1", pledgeKey, "CN=Maker Root", ROOT_KEY, false);
        VoucherRequest r = new VoucherRequest(Optional.of(NOW), "SN-1", NONCE, Optional.empty());
        String jws = VoucherJws.sign(VoucherCodec.encode(r), List.of(pledge), data -> sign(pledgeKey, data));

        assertThat(VoucherJws.verifyRequest(jws, pledge, "SN-1").nonce()).isEqualTo(NONCE);
        assertThatThrownBy(() -> VoucherJws.verifyRequest(jws, MASA, "SN-1")).hasMessageContaining("TLS");
        assertThatThrownBy(() -> VoucherJws.verifyRequest(jws, pledge, "SN-9")).hasMessageContaining("SN-9");
    }

    @Test
    void unknownLeavesAndWrongTypesAreRefusedByName() {
        assertThatThrownBy(() -> VoucherCodec.decodeVoucher(
                        "{\"ietf-voucher:voucher\":{\"serial-number\":\"x\",\"owner\":\"me\"}}"
                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unknown leaf \"owner\"");
        assertThatThrownBy(() -> VoucherCodec.decodeVoucher(
                        "{\"ietf-voucher:voucher\":{\"created-on\":5}}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("created-on");
        assertThatThrownBy(() -> VoucherCodec.decodeRequest("[]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("ietf-voucher-request:voucher");
    }

    @Property(tries = 300)
    void arbitraryVoucherTextIsRefusedWithUntrustedInputOnly(@ForAll("jsonish") String text) {
        try {
            VoucherCodec.decodeVoucher(text.getBytes(StandardCharsets.UTF_8));
        } catch (UntrustedInputException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            VoucherCodec.decodeRequest(text.getBytes(StandardCharsets.UTF_8));
        } catch (UntrustedInputException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void garbledSignedVouchersNeverVerifyAndNeverThrowAnythingElse(@ForAll("garbled") String compact) {
        try {
            VoucherJws.verifyVoucher(
                    compact, List.of(ROOT), NOW, new VoucherJws.Expectation("SN-1", Optional.of(NONCE)));
        } catch (UntrustedInputException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> fragments = Arbitraries.of(
                "{",
                "}",
                "[",
                "]",
                ":",
                ",",
                "\"ietf-voucher:voucher\"",
                "\"ietf-voucher-request:voucher\"",
                "\"serial-number\"",
                "\"nonce\"",
                "\"created-on\"",
                "\"2026-01-01T00:00:00Z\"",
                "\"AAAA\"",
                "true",
                "null",
                "1e999",
                "\"\\u0000\"");
        return fragments.list().ofMaxSize(30).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> garbled() throws Exception {
        String good = signed(voucher(Optional.of(NONCE), Optional.of(NOW.plusSeconds(3600))));
        Arbitrary<String> mutated = Arbitraries.integers()
                .between(0, good.length() - 1)
                .flatMap(i -> Arbitraries.chars()
                        .with('A', 'z', '.', '-', '_', '0', '=')
                        .map(c -> good.substring(0, i) + c + good.substring(i + 1)));
        Arbitrary<String> random = Arbitraries.strings().ofMaxLength(200);
        return Arbitraries.oneOf(mutated, random);
    }
}
