package io.hallmark.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.server.vault.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultPassphraseTest {
    @TempDir
    Path dataDir;

    @Test
    void theEnvironmentVariableWins() throws Exception {
        Files.writeString(dataDir.resolve("vault.pass"), "from-file");

        char[] passphrase = VaultPassphrase.resolve(dataDir, Map.of("HALLMARK_VAULT_PASSPHRASE", "from-env"));

        assertThat(passphrase).isEqualTo("from-env".toCharArray());
    }

    @Test
    void anEmptyEnvironmentVariableCountsAsUnset() throws Exception {
        Files.writeString(dataDir.resolve("vault.pass"), "from-file");

        char[] passphrase = VaultPassphrase.resolve(dataDir, Map.of("HALLMARK_VAULT_PASSPHRASE", ""));

        assertThat(passphrase).isEqualTo("from-file".toCharArray());
    }

    @Test
    void theFileIsReadWithoutSurroundingWhiteSpace() throws Exception {
        Files.writeString(dataDir.resolve("vault.pass"), "  s3cret phrase\n");

        assertThat(VaultPassphrase.resolve(dataDir, Map.of())).isEqualTo("s3cret phrase".toCharArray());
    }

    @Test
    void withoutEitherA32ByteBase64UrlPassphraseIsGeneratedIntoAnOwnerOnlyFile() throws Exception {
        char[] first = VaultPassphrase.resolve(dataDir, Map.of());
        Path file = dataDir.resolve("vault.pass");

        assertThat(new String(first)).matches("[A-Za-z0-9_-]{43}");
        assertThat(Files.readString(file)).isEqualTo(new String(first));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (var files = Files.list(dataDir)) {
            assertThat(files).containsExactly(file);
        }
        assertThat(VaultPassphrase.resolve(dataDir, Map.of())).as("reused").isEqualTo(first);
    }

    @Test
    void aMissingDataDirectoryIsCreated() {
        Path nested = dataDir.resolve("a").resolve("b");

        char[] passphrase = VaultPassphrase.resolve(nested, Map.of());

        assertThat(nested.resolve("vault.pass")).exists();
        assertThat(passphrase).hasSize(43);
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        Files.writeString(dataDir.resolve("vault.pass"), " \n");

        assertThatThrownBy(() -> VaultPassphrase.resolve(dataDir, Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("vault.pass: empty (expected: a passphrase in ");
    }

    @Test
    void theGeneratedPassphraseOpensAVault() {
        char[] passphrase = VaultPassphrase.resolve(dataDir, Map.of());
        Pkcs12FileVault.openOrCreate(dataDir.resolve("vault.p12"), passphrase).generate("ca", KeyType.EC_P256);

        assertThat(Pkcs12FileVault.openOrCreate(
                                dataDir.resolve("vault.p12"), VaultPassphrase.resolve(dataDir, Map.of()))
                        .contains("ca"))
                .isTrue();
    }
}
