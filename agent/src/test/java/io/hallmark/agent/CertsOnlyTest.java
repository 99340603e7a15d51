package io.hallmark.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.junit.jupiter.api.Test;

class CertsOnlyTest {
    private static final TestCa CA = new TestCa("Owner Root");
    private static final X509Certificate LEAF =
            CA.issue(IdentityStore.generateP256().getPublic(), "SERIALNUMBER=SN-1", Instant.now(), Duration.ofDays(90));
    private static final byte[] DER = certsOnly(List.of(LEAF, CA.certificate));

    @Test
    void readsEveryCertificateOfBase64CertsOnlyInOrder() {
        byte[] body = Base64.getMimeEncoder().encode(DER);
        assertThat(CertsOnly.parse(body)).containsExactly(LEAF, CA.certificate);
    }

    @Test
    void readsDerAndBase64WithSurroundingWhitespace() {
        assertThat(CertsOnly.parse(DER)).hasSize(2);
        byte[] padded =
                ("\r\n" + Base64.getMimeEncoder().encodeToString(DER) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(CertsOnly.parse(padded)).hasSize(2);
    }

    @Test
    void refusesSignedDataWithoutCertificates() {
        assertThatThrownBy(() -> CertsOnly.parse(certsOnly(List.of())))
                .isInstanceOf(EstException.class)
                .hasMessageContaining("certs-only");
    }

    @Test
    void refusesEmptyAndOversizedBodies() {
        assertThatThrownBy(() -> CertsOnly.parse(new byte[0])).isInstanceOf(EstException.class);
        assertThatThrownBy(() -> CertsOnly.parse(new byte[CertsOnly.MAX_BYTES + 1]))
                .isInstanceOf(EstException.class)
                .hasMessageContaining("at most");
    }

    @Property(tries = 500)
    void arbitraryBytesYieldCertificatesOrAnEstException(@ForAll @Size(max = 2048) byte[] body) {
        parseOrEstException(body);
    }

    @Property(tries = 500)
    void mutatedCertsOnlyYieldsCertificatesOrAnEstException(@ForAll("mutations") byte[] body) {
        parseOrEstException(body);
        parseOrEstException(Base64.getMimeEncoder().encode(body));
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        return Arbitraries.integers()
                .between(0, DER.length - 1)
                .list()
                .ofMinSize(1)
                .ofMaxSize(8)
                .flatMap(positions -> Arbitraries.bytes()
                        .list()
                        .ofSize(positions.size())
                        .map(values -> {
                            byte[] copy = DER.clone();
                            for (int i = 0; i < positions.size(); i++) {
                                copy[positions.get(i)] = values.get(i);
                            }
                            return copy;
                        }));
    }

    private static void parseOrEstException(byte[] body) {
        try {
            assertThat(CertsOnly.parse(body)).isNotEmpty();
        } catch (EstException e) {
            assertThat(e.reason()).isEqualTo(EstException.Reason.MALFORMED_RESPONSE);
        }
    }

    static byte[] certsOnly(List<X509Certificate> certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new org.bouncycastle.cert.jcajce.JcaCertStore(certificates));
            return generator.generate(new CMSAbsentContent()).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
