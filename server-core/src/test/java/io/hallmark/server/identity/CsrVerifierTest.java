package io.hallmark.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.core.Pem;
import io.hallmark.core.UntrustedInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class CsrVerifierTest {
    private static final KeyPair P256 = keyPair("EC", new ECGenParameterSpec("secp256r1"));
    private static final byte[] GOOD = csr(P256, "SHA256withECDSA", "serialNumber=SN-1,CN=lamp");

    static KeyPair keyPair(String algorithm, java.security.spec.AlgorithmParameterSpec spec) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                g.initialize(spec);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] csr(KeyPair kp, String signature, String subject) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), kp.getPublic())
                    .build(new JcaContentSignerBuilder(signature).build(kp.getPrivate()))
                    .getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void derBase64AndPemOfOneRequestAreAccepted() {
        Csr fromDer = CsrVerifier.verify(GOOD);
        Csr fromBase64 = CsrVerifier.verify(Base64.getMimeEncoder().encode(GOOD));
        Csr fromPem = CsrVerifier.verify(Pem.encode("CERTIFICATE REQUEST", GOOD).getBytes(StandardCharsets.US_ASCII));

        for (Csr c : new Csr[] {fromDer, fromBase64, fromPem}) {
            assertThat(c.serialNumber()).contains("SN-1");
            assertThat(c.commonName()).contains("lamp");
            assertThat(c.publicKey()).isEqualTo(P256.getPublic());
            assertThat(c.der()).isEqualTo(GOOD);
        }
    }

    @Test
    void aRequestWhoseSignatureDoesNotVerifyIsRefusedAsNoProofOfPossession() {
        byte[] tampered = GOOD.clone();
        tampered[tampered.length - 5] ^= 0x01;

        assertThatThrownBy(() -> CsrVerifier.verify(tampered))
                .isInstanceOf(UntrustedInputException.class)
                .hasMessageContaining("CSR:");
    }

    @Test
    void aSmallRsaKeyIsRefusedNamingItsSize() {
        byte[] rsa1024 = csr(
                keyPair(
                        "RSA",
                        new java.security.spec.RSAKeyGenParameterSpec(1024, java.math.BigInteger.valueOf(65537))),
                "SHA256withRSA",
                "serialNumber=SN-2");

        assertThatThrownBy(() -> CsrVerifier.verify(rsa1024))
                .isInstanceOf(UntrustedInputException.class)
                .hasMessageContaining("RSA key of 1024 bits");
    }

    @Test
    void aRsa2048KeyAndAnEd25519KeyAreAccepted() {
        assertThat(CsrVerifier.verify(csr(keyPair("RSA", null), "SHA256withRSA", "serialNumber=SN-3"))
                        .serialNumber())
                .contains("SN-3");
        assertThat(CsrVerifier.verify(csr(keyPair("Ed25519", null), "Ed25519", "serialNumber=SN-4"))
                        .serialNumber())
                .contains("SN-4");
    }

    @Test
    void sha1SignaturesAreRefused() {
        byte[] sha1 = csr(P256, "SHA1withECDSA", "serialNumber=SN-5");

        assertThatThrownBy(() -> CsrVerifier.verify(sha1))
                .isInstanceOf(UntrustedInputException.class)
                .hasMessageContaining("signature algorithm");
    }

    @Test
    void aCurveOffTheAllowListIsRefused() {
        byte[] k1 = csr(keyPair("EC", new ECGenParameterSpec("secp521r1")), "SHA256withECDSA", "serialNumber=SN-6");

        assertThatThrownBy(() -> CsrVerifier.verify(k1))
                .isInstanceOf(UntrustedInputException.class)
                .hasMessageContaining("521-bit curve");
    }

    @Test
    void emptyOversizedAndTruncatedInputGetsAClearMessage() {
        assertThatThrownBy(() -> CsrVerifier.verify(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> CsrVerifier.verify(new byte[CsrVerifier.MAX_BYTES + 1]))
                .hasMessageContaining("at most");
        assertThatThrownBy(() -> CsrVerifier.verify(java.util.Arrays.copyOf(GOOD, GOOD.length / 2)))
                .isInstanceOf(UntrustedInputException.class)
                .hasMessageContaining("not a PKCS#10");
        assertThatThrownBy(() -> CsrVerifier.verify("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
                        .getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("PEM label CERTIFICATE");
    }

    @Property(tries = 500)
    void arbitraryBytesAreEitherAcceptedOrRefusedWithUntrustedInput(@ForAll("garbage") byte[] input) {
        try {
            CsrVerifier.verify(input);
        } catch (UntrustedInputException expected) {
            assertThat(expected.getMessage()).startsWith("CSR");
        }
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random =
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(600);
        Arbitrary<byte[]> mutated = Arbitraries.integers()
                .between(0, GOOD.length - 1)
                .tuple3()
                .map(t -> {
                    byte[] b = GOOD.clone();
                    b[t.get1()] = (byte) (b[t.get1()] ^ (1 + t.get2() % 255));
                    return java.util.Arrays.copyOf(b, Math.max(1, GOOD.length - t.get3() % 8));
                });
        return Arbitraries.oneOf(random, mutated);
    }
}
