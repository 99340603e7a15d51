package io.hallmark.server.fleetaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SpkiTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static byte[] der(PublicKey key) {
        X509Certificate c = TestCertificates.of(key, "SN-1", T0, T0.plusSeconds(86_400));
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void findsTheSubjectPublicKeyInfoOfACertificate() {
        for (PublicKey key : new PublicKey[] {TestKeys.ec("secp256r1"), TestKeys.rsa(2048), TestKeys.ed25519()}) {
            assertThat(Spki.of(der(key))).isEqualTo(key.getEncoded());
        }
    }

    @Test
    void readsTheAlgorithmAndTheNamedCurve() {
        assertThat(Spki.algorithm(TestKeys.ec("secp384r1").getEncoded()))
                .containsExactly("1.2.840.10045.2.1", "1.3.132.0.34");
        assertThat(Spki.algorithm(TestKeys.ed25519().getEncoded())).containsExactly("1.3.101.112", "");
    }

    @Test
    void refusesWhatIsNotACertificate() {
        assertThatThrownBy(() -> Spki.of(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Spki.of(new byte[] {0x30, (byte) 0x84, 0x7f, 0x7f, 0x7f, 0x7f}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 500)
    void anyBytesAreReadOrRefusedWithIllegalArgument(@ForAll("mangled") byte[] bytes) {
        try {
            byte[] spki = Spki.of(bytes);
            KeyStrength.judge(spki);
        } catch (IllegalArgumentException expected) {
            // refused, as documented
        }
    }

    @Provide
    Arbitrary<byte[]> mangled() {
        byte[] good = der(TestKeys.ec("secp256r1"));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> flipped = Arbitraries.integers()
                .between(0, good.length - 1)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .flatMap(positions -> Arbitraries.bytes().map(value -> {
                    byte[] copy = good.clone();
                    positions.forEach(p -> copy[p] = value);
                    return copy;
                }));
        Arbitrary<byte[]> truncated =
                Arbitraries.integers().between(0, good.length).map(n -> java.util.Arrays.copyOf(good, n));
        return Arbitraries.oneOf(random, flipped, truncated);
    }
}
