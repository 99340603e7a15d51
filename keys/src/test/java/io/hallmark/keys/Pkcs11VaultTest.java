package io.hallmark.keys;

import static io.hallmark.keys.VaultFixtures.DATA;
import static io.hallmark.keys.VaultFixtures.newP256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hallmark.server.vault.KeyType;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs against SoftHSM2 tokens made for this JVM: SoftHSM2 reads {@code SOFTHSM2_CONF} (set by surefire) once per
 * process, so the tokens are shared by all tests and each test uses its own aliases.
 */
class Pkcs11VaultTest {
    private static final List<Path> LIBRARIES = List.of(
            Path.of("/usr/lib/softhsm/libsofthsm2.so"), Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"));
    private static final String SO_PIN = "1234";
    private static final char[] PIN = "5678".toCharArray();
    private static final AtomicInteger CA_NAMES = new AtomicInteger();

    @TempDir
    static Path dir;

    private static Path library;
    /** Where the vault's token sits in the slot list. */
    private static int slotListIndex;
    /** A SunPKCS11 configuration for a second token no test logs in to with the right PIN first. */
    private static Path untouchedTokenConfig;

    @BeforeAll
    static void makeTokens() throws Exception {
        library = LIBRARIES.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        String conf = System.getenv("SOFTHSM2_CONF");
        assumeTrue(library != null && onPath("softhsm2-util"), "SoftHSM2 not installed: skipped");
        assumeTrue(conf != null, "SOFTHSM2_CONF not set (run through Maven): skipped");
        Path tokens = Files.createDirectories(dir.resolve("tokens"));
        Files.writeString(
                Path.of(conf),
                "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n",
                StandardCharsets.UTF_8);
        long vaultSlot = initToken("hallmark-test");
        long untouchedSlot = initToken("hallmark-untouched");
        slotListIndex = slotListIndexOf(vaultSlot);
        untouchedTokenConfig = dir.resolve("untouched.cfg");
        Files.writeString(
                untouchedTokenConfig,
                "name = untouched\nlibrary = " + library + "\nslot = " + untouchedSlot + "\n",
                StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyType.class,
            names = {"EC_P256", "EC_P384"})
    void keysMadeInTheTokenSignVerifiablyForTheJdk(KeyType type) throws Exception {
        Pkcs11Vault vault = openVault();
        String alias = "sign-" + type.name().toLowerCase();

        PublicKey key = vault.generate(alias, type);
        byte[] signature = vault.sign(alias, type.signatureAlgorithm(), DATA);

        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(vault.publicKey(alias)).contains(key);
        assertThat(verifies(key, type.signatureAlgorithm(), signature)).isTrue();
        assertThat(vault.certificateChain(alias))
                .as("a placeholder is no chain")
                .isEmpty();
    }

    @Test
    void privateKeysCannotBeExtracted() throws Exception {
        Pkcs11Vault vault = openVault();
        vault.generate("sealed", KeyType.EC_P256);

        Provider provider = Security.getProvider("SunPKCS11")
                .configure("--name = inspect\nlibrary = " + library + "\nslotListIndex = " + slotListIndex + "\n");
        KeyStore token = KeyStore.getInstance("PKCS11", provider);
        token.load(null, PIN.clone());
        Key key = token.getKey("sealed", null);

        assertThat(key).isNotNull().isNotInstanceOf(ECPrivateKey.class);
        assertThat(key.getEncoded()).isNull();
        assertThat(key.toString()).contains("token object, sensitive, unextractable");
    }

    @Test
    void keysAndChainsSurviveReopening() throws Exception {
        Pkcs11Vault vault = openVault();
        PublicKey ca = vault.generate("reopen-ca", KeyType.EC_P384);
        PublicKey tls = vault.generate("reopen-tls", KeyType.EC_P256);
        List<X509Certificate> chain = chainFor(tls);
        vault.setCertificateChain("reopen-tls", chain);

        Pkcs11Vault reopened = openVault();

        assertThat(reopened.contains("reopen-ca")).isTrue();
        assertThat(reopened.contains("reopen-tls")).isTrue();
        assertThat(reopened.contains("other")).isFalse();
        assertThat(reopened.publicKey("reopen-ca")).contains(ca);
        assertThat(reopened.publicKey("reopen-tls")).contains(tls);
        assertThat(reopened.certificateChain("reopen-tls")).isEqualTo(chain);
        assertThat(reopened.certificateChain("reopen-ca")).isEmpty();
        assertThat(verifies(ca, "SHA384withECDSA", reopened.sign("reopen-ca", "SHA384withECDSA", DATA)))
                .isTrue();
        assertThat(verifies(tls, "SHA256withECDSA", reopened.sign("reopen-tls", "SHA256withECDSA", DATA)))
                .isTrue();
    }

    @Test
    void aChainCanBeReplaced() throws Exception {
        Pkcs11Vault vault = openVault();
        PublicKey key = vault.generate("renewed", KeyType.EC_P256);
        vault.setCertificateChain("renewed", chainFor(key));
        List<X509Certificate> renewed = chainFor(key);

        vault.setCertificateChain("renewed", renewed);

        assertThat(vault.certificateChain("renewed")).isEqualTo(renewed);
        assertThat(openVault().certificateChain("renewed")).isEqualTo(renewed);
    }

    @Test
    void aSecondCaWithTheSameNameIsRefusedSinceTheTokenLinksByName() throws Exception {
        Pkcs11Vault vault = openVault();
        PublicKey first = vault.generate("same-name-1", KeyType.EC_P256);
        PublicKey second = vault.generate("same-name-2", KeyType.EC_P256);
        List<X509Certificate> firstChain = VaultFixtures.chainFor(first, "CN=Same Name CA");
        vault.setCertificateChain("same-name-1", firstChain);

        assertThatThrownBy(() ->
                        vault.setCertificateChain("same-name-2", VaultFixtures.chainFor(second, "CN=Same Name CA")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("subject name only");

        assertThat(vault.certificateChain("same-name-1")).isEqualTo(firstChain);
        assertThat(vault.certificateChain("same-name-2")).isEmpty();
        Pkcs11Vault reopened = openVault();
        assertThat(reopened.certificateChain("same-name-2")).isEmpty();
        assertThat(reopened.certificateChain("same-name-1")).isEqualTo(firstChain);
    }

    @Test
    void aWrongPinIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> Pkcs11Vault.open(untouchedTokenConfig, "9999".toCharArray()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("vault: wrong PIN for the PKCS#11 token of " + untouchedTokenConfig)
                .hasNoCause();

        assertThat(Pkcs11Vault.open(untouchedTokenConfig, PIN).contains("anything"))
                .isFalse();
    }

    @Test
    void ed25519IsRefusedNamingTheType() {
        Pkcs11Vault vault = openVault();

        assertThatThrownBy(() -> vault.generate("edwards", KeyType.ED25519))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("type: ED25519 (expected: EC_P256 or EC_P384")
                .hasMessageContaining("Ed25519");
        assertThat(vault.contains("edwards")).isFalse();
    }

    @Test
    void aTakenAliasIsRefused() {
        Pkcs11Vault vault = openVault();
        PublicKey first = vault.generate("taken", KeyType.EC_P256);

        assertThatThrownBy(() -> vault.generate("taken", KeyType.EC_P384))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("taken");
        assertThat(vault.publicKey("taken")).contains(first);
    }

    @Test
    void anUnknownAliasGivesAClearError() {
        Pkcs11Vault vault = openVault();

        assertThat(vault.publicKey("nope")).isEmpty();
        assertThatThrownBy(() -> vault.sign("nope", "SHA256withECDSA", DATA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("alias: nope (expected: a key in the vault");
        assertThatThrownBy(() -> vault.certificateChain("nope")).hasMessageContaining("alias: nope");
        assertThatThrownBy(() -> vault.keyManagers("nope")).hasMessageContaining("alias: nope");
        assertThatThrownBy(() -> vault.generate("Platform CA", KeyType.EC_P256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("alias: Platform CA (expected:");
    }

    @Test
    void aChainForAnotherKeyIsRefused() throws Exception {
        Pkcs11Vault vault = openVault();
        vault.generate("mismatch", KeyType.EC_P256);
        KeyPair other = newP256();

        assertThatThrownBy(() -> vault.setCertificateChain("mismatch", chainFor(other.getPublic())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public key under mismatch");
        assertThat(vault.certificateChain("mismatch")).isEmpty();
    }

    @Test
    void aSignatureAlgorithmForAnotherKeyTypeIsRefused() {
        Pkcs11Vault vault = openVault();
        vault.generate("ecdsa-only", KeyType.EC_P256);

        assertThatThrownBy(() -> vault.sign("ecdsa-only", "Ed25519", DATA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Ed25519");
    }

    @Test
    void keyManagersAreNotOffered() throws Exception {
        Pkcs11Vault vault = openVault();
        PublicKey key = vault.generate("tls-refused", KeyType.EC_P256);
        vault.setCertificateChain("tls-refused", chainFor(key));

        assertThatThrownBy(() -> vault.keyManagers("tls-refused"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("PKCS#12 file vault");
    }

    @Test
    void signingAndGeneratingWorkFromManyThreads() throws Exception {
        Pkcs11Vault vault = openVault();
        PublicKey shared = vault.generate("shared", KeyType.EC_P256);
        int threads = 6;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String alias = "thread-" + t;
            KeyType type = t % 2 == 0 ? KeyType.EC_P256 : KeyType.EC_P384;
            work.add(() -> {
                start.await();
                PublicKey own = vault.generate(alias, type);
                boolean allVerified =
                        verifies(own, type.signatureAlgorithm(), vault.sign(alias, type.signatureAlgorithm(), DATA));
                for (int i = 0; i < 20; i++) {
                    allVerified &= verifies(shared, "SHA256withECDSA", vault.sign("shared", "SHA256withECDSA", DATA));
                }
                return allVerified;
            });
            work.add(() -> {
                start.await();
                try {
                    vault.generate("contested", KeyType.EC_P256);
                    return true;
                } catch (IllegalStateException taken) {
                    return false;
                }
            });
        }

        ExecutorService pool = Executors.newFixedThreadPool(work.size());
        List<Boolean> results = new ArrayList<>();
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            work.forEach(task -> done.add(pool.submit(task)));
            start.countDown();
            for (Future<Boolean> result : done) {
                results.add(result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        for (int t = 0; t < threads; t++) {
            assertThat(results.get(2 * t)).as("thread %d verified", t).isTrue();
        }
        long winners = 0;
        for (int t = 0; t < threads; t++) {
            winners += results.get(2 * t + 1) ? 1 : 0;
        }
        assertThat(winners).isEqualTo(1);
        Pkcs11Vault reopened = openVault();
        for (int t = 0; t < threads; t++) {
            assertThat(reopened.publicKey("thread-" + t)).isEqualTo(vault.publicKey("thread-" + t));
        }
        assertThat(reopened.contains("contested")).isTrue();
    }

    @Test
    void noTextCarriesThePin() {
        Pkcs11Vault vault = openVault();

        assertThat(vault.toString()).doesNotContain(new String(PIN)).contains("keys]");
        assertThatThrownBy(() -> Pkcs11Vault.open(library, slotListIndex, new char[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pin: empty (expected: at least one character)");
    }

    private static Pkcs11Vault openVault() {
        return Pkcs11Vault.open(library, slotListIndex, PIN);
    }

    private static boolean verifies(PublicKey key, String algorithm, byte[] signature) throws Exception {
        return VaultFixtures.verifies(Signature.getInstance(algorithm, "SunEC"), key, signature);
    }

    /** A leaf for {@code key} issued by a throwaway CA with a name of its own, followed by that CA. */
    private static List<X509Certificate> chainFor(PublicKey key) throws Exception {
        return VaultFixtures.chainFor(key, "CN=Test CA " + CA_NAMES.incrementAndGet());
    }

    /** Initialises a free token and returns the slot id SoftHSM2 gives it. */
    private static long initToken(String label) throws IOException, InterruptedException {
        String output =
                softhsm2Util("--init-token", "--free", "--label", label, "--so-pin", SO_PIN, "--pin", new String(PIN));
        Matcher slot = Pattern.compile("reassigned to slot (\\d+)").matcher(output);
        assertThat(slot.find()).as("softhsm2-util said: %s", output).isTrue();
        return Long.parseLong(slot.group(1));
    }

    /** The slot's position in the list that softhsm2-util, like SunPKCS11, gets from C_GetSlotList. */
    private static int slotListIndexOf(long slotId) throws IOException, InterruptedException {
        Matcher slots = Pattern.compile("(?m)^Slot (\\d+)$").matcher(softhsm2Util("--show-slots"));
        for (int index = 0; slots.find(); index++) {
            if (Long.parseLong(slots.group(1)) == slotId) {
                return index;
            }
        }
        throw new AssertionError("slot " + slotId + " not listed by softhsm2-util");
    }

    private static String softhsm2Util(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("softhsm2-util");
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SOFTHSM2_CONF", System.getenv("SOFTHSM2_CONF"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("softhsm2-util said: %s", output).isZero();
        return output;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }
}
