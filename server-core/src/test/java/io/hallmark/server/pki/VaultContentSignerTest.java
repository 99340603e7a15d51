package io.hallmark.server.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.server.vault.KeyType;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaultContentSignerTest {
    private final InMemoryKeyVault vault = new InMemoryKeyVault();

    @ParameterizedTest
    @CsvSource({"EC_P256, SHA256WITHECDSA", "EC_P384, SHA384WITHECDSA", "ED25519, Ed25519"})
    void certificatesSignedInTheVaultVerifyWithItsPublicKey(KeyType type, String expectedAlgorithm) throws Exception {
        PublicKey key = vault.generate("ca", type);
        VaultContentSigner signer = VaultContentSigner.of(vault, "ca");
        X500Name name = new X500Name("CN=Test");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var builder = new JcaX509v3CertificateBuilder(
                name, BigInteger.TEN, Date.from(now), Date.from(now.plusSeconds(3600)), name, key);

        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));

        certificate.verify(key);
        assertThat(signer.keyType()).isEqualTo(type);
        assertThat(certificate.getSigAlgName()).isEqualToIgnoringCase(expectedAlgorithm);
        assertThat(vault.signatureCount("ca")).isEqualTo(1);
    }

    @Test
    void anUnknownAliasIsRefusedBeforeSigning() {
        assertThatThrownBy(() -> VaultContentSigner.of(vault, "missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
    }
}
