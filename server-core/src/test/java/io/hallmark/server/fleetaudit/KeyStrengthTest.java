package io.hallmark.server.fleetaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyStrengthTest {
    private static Optional<KeyStrength.Weakness> judge(PublicKey key) {
        return KeyStrength.judge(key.getEncoded());
    }

    @Test
    void rsaBelow2048BitsIsWeak() {
        assertThat(judge(TestKeys.rsa(1024))).hasValueSatisfying(w -> {
            assertThat(w.check()).isEqualTo(AuditCheck.DEVICE_KEY_WEAK);
            assertThat(w.actual()).isEqualTo("RSA 1024 bits");
        });
    }

    @Test
    void rsaOf2048BitsIsFine() {
        assertThat(judge(TestKeys.rsa(2048))).isEmpty();
    }

    @Test
    void theNistCurvesAndEd25519AreFine() {
        assertThat(judge(TestKeys.ec("secp256r1"))).isEmpty();
        assertThat(judge(TestKeys.ec("secp384r1"))).isEmpty();
        assertThat(judge(TestKeys.ec("secp521r1"))).isEmpty();
        assertThat(judge(TestKeys.ed25519())).isEmpty();
    }

    @Test
    void otherCurvesAreWeak() {
        assertThat(judge(TestKeys.ec("brainpoolP256r1"))).hasValueSatisfying(w -> {
            assertThat(w.check()).isEqualTo(AuditCheck.DEVICE_KEY_WEAK);
            assertThat(w.actual()).contains("1.3.36.3.3.2.8.1.1.7");
        });
        assertThat(judge(TestKeys.ec("secp256k1")))
                .hasValueSatisfying(w -> assertThat(w.actual()).contains("1.3.132.0.10"));
    }

    @Test
    void anUnknownKeyAlgorithmIsWeak() {
        assertThat(judge(TestKeys.keyPair("DSA", "").getPublic()))
                .hasValueSatisfying(w -> assertThat(w.actual()).isEqualTo("key algorithm 1.2.840.10040.4.1"));
    }

    @Test
    void aKeyWithTheRocaStructureHasTheFingerprint() {
        PublicKey roca = TestKeys.rocaStructured(20171016L);
        assertThat(((RSAPublicKey) roca).getModulus().bitLength()).isBetween(2046, 2048);
        assertThat(Roca.hasFingerprint(((RSAPublicKey) roca).getModulus())).isTrue();
        assertThat(judge(roca)).hasValueSatisfying(w -> {
            assertThat(w.check()).isEqualTo(AuditCheck.DEVICE_KEY_ROCA);
            assertThat(w.actual()).endsWith("with the ROCA fingerprint");
        });
    }

    @Test
    void ordinaryRsaKeysDoNotHaveTheFingerprint() {
        for (int i = 0; i < 5; i++) {
            assertThat(Roca.hasFingerprint(((RSAPublicKey) TestKeys.rsa(2048)).getModulus()))
                    .isFalse();
        }
    }

    @Test
    void aMalformedKeyIsRefused() {
        assertThatThrownBy(() -> KeyStrength.judge(new byte[] {0x30, 0x03, 0x30, 0x01, 0x06}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
