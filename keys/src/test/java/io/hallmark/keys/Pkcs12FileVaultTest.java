package io.hallmark.keys;

import static io.hallmark.keys.VaultFixtures.DATA;
import static io.hallmark.keys.VaultFixtures.selfSigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.server.vault.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Pkcs12FileVaultTest {
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    @Test
    void keysAndChainsSurviveReopening() throws Exception {
        Path file = dir.resolve("vault.p12");
        Pkcs12FileVault vault = Pkcs12FileVault.openOrCreate(file, PASSPHRASE);
        PublicKey ca = vault.generate("ca", KeyType.EC_P384);
        PublicKey tls = vault.generate("tls", KeyType.EC_P256);
        List<X509Certificate> chain = chainFor(tls);
        vault.setCertificateChain("tls", chain);

        Pkcs12FileVault reopened = Pkcs12FileVault.openOrCreate(file, PASSPHRASE.clone());

        assertThat(reopened.contains("ca")).isTrue();
        assertThat(reopened.contains("tls")).isTrue();
        assertThat(reopened.contains("other")).isFalse();
        assertThat(reopened.publicKey("ca")).contains(ca);
        assertThat(reopened.publicKey("tls")).contains(tls);
        assertThat(reopened.certificateChain("tls")).isEqualTo(chain);
        assertThat(reopened.certificateChain("ca"))
                .as("a placeholder is no chain")
                .isEmpty();
        assertThat(verifies(ca, "SHA384withECDSA", reopened.sign("ca", "SHA384withECDSA", DATA)))
                .isTrue();
    }

    @Test
    void aNewVaultIsAnEmptyFileAlready() {
        Path file = dir.resolve("sub").resolve("vault.p12");

        Pkcs12FileVault.openOrCreate(file, PASSPHRASE);

        assertThat(file).exists();
        assertThat(Pkcs12FileVault.openOrCreate(file, PASSPHRASE).contains("anything"))
                .isFalse();
    }

    @Test
    void aWrongPassphraseIsRefusedWithoutRepeatingIt() {
        Path file = dir.resolve("vault.p12");
        Pkcs12FileVault.openOrCreate(file, PASSPHRASE).generate("ca", KeyType.EC_P256);

        assertThatThrownBy(() -> Pkcs12FileVault.openOrCreate(file, "guess-1234".toCharArray()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("vault: wrong passphrase or damaged file " + file)
                .hasNoCause();
    }

    @Test
    void aDamagedFileIsRefused() throws Exception {
        Path file = dir.resolve("vault.p12");
        Pkcs12FileVault.openOrCreate(file, PASSPHRASE).generate("ca", KeyType.EC_P256);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);

        assertThatThrownBy(() -> Pkcs12FileVault.openOrCreate(file, PASSPHRASE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("vault: wrong passphrase or damaged file");
    }

    @Test
    void theFileIsReadableByItsOwnerOnlyAndNoTemporaryFileRemains() throws Exception {
        Path file = dir.resolve("vault.p12");
        Pkcs12FileVault vault = Pkcs12FileVault.openOrCreate(file, PASSPHRASE);
        vault.generate("ca", KeyType.EC_P256);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void theFileUsesPbes2WithAes256AndAnHmacSha256Mac() throws Exception {
        Path file = dir.resolve("vault.p12");
        Pkcs12FileVault.openOrCreate(file, PASSPHRASE).generate("ca", KeyType.EC_P256);

        Pkcs12Protection protection = Pkcs12Protection.of(Files.readAllBytes(file));

        assertThat(protection.macDigest()).isEqualTo("2.16.840.1.101.3.4.2.1"); // SHA-256
        assertThat(protection.macIterations()).isGreaterThanOrEqualTo(10_000);
        assertThat(protection.certificateEncryption()).isEqualTo("2.16.840.1.101.3.4.1.42"); // AES-256-CBC
        assertThat(protection.keyEncryptions()).containsExactly("2.16.840.1.101.3.4.1.42");
        assertThat(protection.keyDerivationPrfs())
                .containsOnly("1.2.840.113549.2.9") // hmacWithSHA256
                .hasSize(2);

        Pkcs12FileVault.openOrCreate(file, PASSPHRASE).generate("tls", KeyType.ED25519);
        Pkcs12Protection rewritten = Pkcs12Protection.of(Files.readAllBytes(file));

        assertThat(rewritten.macDigest()).isEqualTo("2.16.840.1.101.3.4.2.1");
        assertThat(rewritten.certificateEncryption()).isEqualTo("2.16.840.1.101.3.4.1.42");
        assertThat(rewritten.keyEncryptions()).containsExactly("2.16.840.1.101.3.4.1.42", "2.16.840.1.101.3.4.1.42");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void signaturesVerifyWithThePublicKey(KeyType type) throws Exception {
        Pkcs12FileVault vault = Pkcs12FileVault.openOrCreate(dir.resolve("vault.p12"), PASSPHRASE);
        PublicKey key = vault.generate("key", type);

        byte[] signature = vault.sign("key", type.signatureAlgorithm(), DATA);

        assertThat(verifies(key, type.signatureAlgorithm(), signature)).isTrue();
        Pkcs12FileVault reopened = Pkcs12FileVault.openOrCreate(dir.resolve("vault.p12"), PASSPHRASE);
        assertThat(verifies(key, type.signatureAlgorithm(), reopened.sign("key", type.signatureAlgorithm(), DATA)))
                .isTrue();
    }

    @Test
    void aTakenAliasIsRefused() {
        Pkcs12FileVault vault = Pkcs12FileVault.openOrCreate(dir.resolve("vault.p12"), PASSPHRASE);
        PublicKey first = vault.generate("ca", KeyType.EC_P256);

        assertThatThrownBy(() -> vault.generate("ca", KeyType.ED25519))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ca");
        assertThat(vault.publicKey("ca")).contains(first);
    }

    @Test
    void anUnknownAliasGivesAClearError() {
        Pkcs12FileVault vault = Pkcs12FileVault.openOrCreate(dir.resolve("vault.p12"), PASSPHRASE);

        assertThat(vault.publicKey("nope")).isEmpty();
        assertThatThrownBy(() -> vault.sign("nope", "SHA256withECDSA", DATA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alias: nope (expected: a key in the vault vault.p12)");
        assertThatThrownBy(() -> vault.certificateChain("nope")).hasMessageContaining("alias: nope");
        assertThatThrownBy(() -> vault.keyManagers("nope")).hasMessageContaining("alias: nope");
        assertThatThrownBy(() -> vault.setCertificateChain("nope", List.of(selfSigned())))
                .hasMessageContaining("alias: nope");
    }

    @Test
    void aliasesMustBeLowerCaseNames() {
        Pkcs12FileVault vault = Pkcs12FileVault.openOrCreate(dir.resolve("vault.p12"), PASSPHRASE);

        assertThatThrownBy(() -> vault.generate("Platform CA", KeyType.EC_P256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("alias: Platform CA (expected:");
    }

    @Test
    void aSignatureAlgorithmForAnotherKeyTypeIsRefused() {
        Pkcs12FileVault vault = Pkcs12FileVault.openOrCreate(dir.resolve("vault.p12"), PASSPHRASE);
        vault.generate("ed", KeyType.ED25519);

        assertThatThrownBy(() -> vault.sign("ed", "SHA256withECDSA", DATA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SHA256withECDSA");
    }

    @Test
    void aChainForAnotherKeyIsRefused() throws Exception {
        Pkcs12FileVault vault = Pkcs12FileVault.openOrCreate(dir.resolve("vault.p12"), PASSPHRASE);
        vault.generate("tls", KeyType.EC_P256);

        assertThatThrownBy(() -> vault.setCertificateChain("tls", List.of(selfSigned())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public key under tls");
        assertThat(vault.certificateChain("tls")).isEmpty();
    }

    @Test
    void keyManagersPresentTheStoredChainOnly() throws Exception {
        Pkcs12FileVault vault = Pkcs12FileVault.openOrCreate(dir.resolve("vault.p12"), PASSPHRASE);
        PublicKey tls = vault.generate("tls", KeyType.EC_P256);
        vault.generate("other", KeyType.EC_P256);
        assertThatThrownBy(() -> vault.keyManagers("tls"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setCertificateChain");
        List<X509Certificate> chain = chainFor(tls);
        vault.setCertificateChain("tls", chain);

        var keyManager = (X509KeyManager) vault.keyManagers("tls")[0];

        String alias = keyManager.chooseServerAlias("EC", null, null);
        assertThat(alias).isNotNull();
        assertThat(keyManager.getCertificateChain(alias)).containsExactlyElementsOf(chain);
        assertThat(keyManager.getServerAliases("EC", null)).hasSize(1);
    }

    @Test
    void generateAndSignWorkFromManyThreads() throws Exception {
        Path file = dir.resolve("vault.p12");
        Pkcs12FileVault vault = Pkcs12FileVault.openOrCreate(file, PASSPHRASE);
        PublicKey shared = vault.generate("shared", KeyType.EC_P256);
        int threads = 6;
        int keysPerThread = 3;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(() -> {
                start.await();
                boolean allVerified = true;
                for (int k = 0; k < keysPerThread; k++) {
                    KeyType type = KeyType.values()[(thread + k) % KeyType.values().length];
                    PublicKey key = vault.generate("t" + thread + "-" + k, type);
                    allVerified &= verifies(
                            key,
                            type.signatureAlgorithm(),
                            vault.sign("t" + thread + "-" + k, type.signatureAlgorithm(), DATA));
                    allVerified &= verifies(shared, "SHA256withECDSA", vault.sign("shared", "SHA256withECDSA", DATA));
                }
                return allVerified;
            });
        }
        List<Callable<Boolean>> racing = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            racing.add(() -> {
                start.await();
                try {
                    vault.generate("contested", KeyType.EC_P256);
                    return true;
                } catch (IllegalStateException taken) {
                    return false;
                }
            });
        }

        ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            work.forEach(task -> done.add(pool.submit(task)));
            List<Future<Boolean>> contested = new ArrayList<>();
            racing.forEach(task -> contested.add(pool.submit(task)));
            start.countDown();
            for (Future<Boolean> result : done) {
                assertThat(result.get()).isTrue();
            }
            long winners = 0;
            for (Future<Boolean> result : contested) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }

        Pkcs12FileVault reopened = Pkcs12FileVault.openOrCreate(file, PASSPHRASE);
        for (int t = 0; t < threads; t++) {
            for (int k = 0; k < keysPerThread; k++) {
                assertThat(reopened.publicKey("t" + t + "-" + k)).isEqualTo(vault.publicKey("t" + t + "-" + k));
            }
        }
        assertThat(reopened.contains("contested")).isTrue();
    }

    @Test
    void noMessageOrTextCarriesThePassphrase() {
        Pkcs12FileVault vault = Pkcs12FileVault.openOrCreate(dir.resolve("vault.p12"), PASSPHRASE);
        vault.generate("ca", KeyType.EC_P256);

        assertThat(vault.toString()).doesNotContain(new String(PASSPHRASE)).contains("1 keys");
    }

    @Test
    void anEmptyPassphraseIsRefused() {
        assertThatThrownBy(() -> Pkcs12FileVault.openOrCreate(dir.resolve("vault.p12"), new char[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("passphrase: empty (expected: at least one character)");
    }

    @Test
    void weakPkcs12SettingsOfTheJvmAreRefused() {
        String name = "keystore.pkcs12.macAlgorithm";
        String previous = System.getProperty(name);
        System.setProperty(name, "HmacPBESHA1");
        try {
            assertThatThrownBy(() -> Pkcs12FileVault.openOrCreate(dir.resolve("vault.p12"), PASSPHRASE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(name);
        } finally {
            if (previous == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, previous);
            }
        }
    }

    private static boolean verifies(PublicKey key, String algorithm, byte[] signature) throws Exception {
        return VaultFixtures.verifies(Signature.getInstance(algorithm), key, signature);
    }

    /** A leaf for {@code key} issued by a throwaway CA, followed by that CA. */
    private static List<X509Certificate> chainFor(PublicKey key) throws Exception {
        return VaultFixtures.chainFor(key, "CN=Test CA");
    }
}
