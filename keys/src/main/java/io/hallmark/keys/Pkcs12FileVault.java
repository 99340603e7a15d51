package io.hallmark.keys;

import io.hallmark.core.Checks;
import io.hallmark.server.vault.KeyType;
import io.hallmark.server.vault.KeyVault;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link KeyVault}: key pairs in a PKCS#12 file (RFC 7292) encrypted with a passphrase.
 *
 * <p>Open it with {@link #openOrCreate}. Keys are protected with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC, RFC 8018),
 * certificates likewise, and the file carries an HMAC-SHA256 integrity MAC: the JDK's defaults since JDK 12, which
 * {@code openOrCreate} insists on rather than trusts. (A file made elsewhere with legacy algorithms keeps them
 * for its certificates, MAC and existing keys when rewritten; every key the vault stores gets PBES2.) The file is
 * written with mode 0600, atomically (temporary file and rename) after every change, so a crash never leaves a
 * truncated vault.
 *
 * <p>Aliases are lower case ({@code [a-z0-9][a-z0-9._-]*}, at most 64 characters), since PKCS#12 compares them
 * without case. A generated key carries a self-signed placeholder certificate until {@link #setCertificateChain};
 * {@link #certificateChain} reports an empty chain for it, and {@link #keyManagers} refuses it.
 *
 * <p>The decrypted keys are held in memory for signing; no method returns a private key, and no message or log line
 * carries key material or the passphrase. The one exception is inherent to JSSE: the {@link KeyManager}s handed to a
 * TLS listener can give the private key of their one entry to whoever holds them. All methods are thread-safe;
 * signing takes no lock, changes are serialised.
 */
public final class Pkcs12FileVault extends KeyStoreVault {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs12FileVault.class);

    private final Path file;
    private final char[] passphrase;
    private final Clock clock;
    private final SecureRandom random;
    private final KeyStore.PasswordProtection protection;

    private Pkcs12FileVault(Path file, char[] passphrase, KeyStore store, Clock clock, SecureRandom random) {
        super(store, file.getFileName().toString(), "a JCA signature algorithm");
        this.file = file;
        this.passphrase = passphrase;
        this.clock = clock;
        this.random = random;
        this.protection = new KeyStore.PasswordProtection(passphrase, Pkcs12Settings.PROTECTION_ALGORITHM, null);
    }

    /**
     * Opens the vault in {@code file}, or creates an empty one (mode 0600, parent directories 0700) when the file
     * does not exist. The caller may wipe {@code passphrase} afterwards; the vault keeps its own copy.
     *
     * @throws IllegalStateException when the passphrase is wrong or the file is damaged, or when the JVM is
     *     configured to write weaker PKCS#12 files than PBES2/AES-256 with an HMAC-SHA256 MAC
     * @throws UncheckedIOException when the file cannot be read or written
     */
    public static Pkcs12FileVault openOrCreate(Path file, char[] passphrase) {
        return openOrCreate(file, passphrase, Clock.systemUTC(), new SecureRandom());
    }

    static Pkcs12FileVault openOrCreate(Path file, char[] passphrase, Clock clock, SecureRandom random) {
        Checks.notNull(file, "file");
        Checks.notNull(passphrase, "passphrase");
        Checks.check(passphrase.length > 0, "passphrase", "empty", "at least one character");
        Pkcs12Settings.checkStrong();
        char[] copy = passphrase.clone();
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            content = null;
        } catch (IOException e) {
            throw new UncheckedIOException("vault: cannot read " + file, e);
        }
        KeyStore store = newKeyStore();
        if (content == null) {
            load(store, null, null, file);
            Pkcs12FileVault vault = new Pkcs12FileVault(file, copy, store, clock, random);
            vault.persist();
            LOG.info("vault: created {}", file);
            return vault;
        }
        load(store, content, copy, file);
        Pkcs12FileVault vault = new Pkcs12FileVault(file, copy, store, clock, random);
        vault.readEntries();
        warnIfReadableByOthers(file);
        return vault;
    }

    @Override
    public PublicKey generate(String alias, KeyType type) {
        checkAlias(alias);
        Checks.notNull(type, "type");
        synchronized (writeLock) {
            checkNew(alias);
            KeyPair pair = newKeyPair(type);
            X509Certificate placeholder =
                    PlaceholderCertificate.create(pair, type.signatureAlgorithm(), clock.instant());
            Held held = new Held(pair.getPrivate(), pair.getPublic(), List.of(placeholder));
            try {
                store.setEntry(alias, held.entry(), protection);
                persistOrUndo(() -> store.deleteEntry(alias));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("vault: cannot store the key " + alias, e);
            }
            keys.put(alias, held);
            LOG.info("vault: generated {} key {}", type, alias);
            return pair.getPublic();
        }
    }

    @Override
    Signature signer(String jcaAlgorithm, PrivateKey privateKey) throws NoSuchAlgorithmException, InvalidKeyException {
        Signature signature = Signature.getInstance(jcaAlgorithm);
        signature.initSign(privateKey, random);
        return signature;
    }

    @Override
    IllegalStateException signingFailed(String alias, SignatureException e) {
        return new IllegalStateException("vault: signing with " + alias + " failed");
    }

    @Override
    Held storeChain(String alias, Held old, List<X509Certificate> chain) {
        Held held = new Held(old.privateKey(), old.publicKey(), chain);
        try {
            store.setEntry(alias, held.entry(), protection);
            persistOrUndo(() -> store.setEntry(alias, old.entry(), protection));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("vault: cannot store the chain of " + alias, e);
        }
        return held;
    }

    /**
     * Key managers over an in-memory key store holding only the entry under {@code alias}.
     *
     * <p>SunX509 rather than PKIX: SunX509 reads the key once, here, while PKIX reads it from the key store at every
     * handshake, and a PKCS#12 entry is decrypted with PBKDF2 (10,000 iterations) each time, which took some 40 % of
     * a server's CPU per new TLS connection (docs/benchmarks.md, EST enrollment). With one entry there is nothing for
     * PKIX's choice among several keys to do.
     */
    @Override
    public KeyManager[] keyManagers(String alias) {
        Held held = require(alias);
        Checks.checkState(
                !PlaceholderCertificate.isPlaceholder(held.chain()),
                "alias",
                alias + " without a certificate chain",
                "setCertificateChain before serving TLS");
        try {
            KeyStore single = newKeyStore();
            single.load(null, null);
            // protects the key inside this process only; it never reaches a file
            char[] transientPassword = newTransientPassword();
            single.setKeyEntry(alias, held.privateKey(), transientPassword, held.certificates());
            KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
            factory.init(single, transientPassword);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("vault: cannot make key managers for " + alias, e);
        }
    }

    @Override
    public String toString() {
        return "Pkcs12FileVault[" + file + ", " + keys.size() + " keys]";
    }

    private void readEntries() {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
                    LOG.warn("vault: {} holds a {} that is not a key; it is ignored", file, alias);
                    continue;
                }
                var entry =
                        (KeyStore.PrivateKeyEntry) store.getEntry(alias, new KeyStore.PasswordProtection(passphrase));
                keys.put(alias, new Held(entry.getPrivateKey(), x509Chain(entry.getCertificateChain())));
            }
        } catch (GeneralSecurityException | ClassCastException e) {
            // the MAC held, so the passphrase was right but an entry is unreadable
            throw new IllegalStateException("vault: wrong passphrase or damaged file " + file);
        }
    }

    private void persistOrUndo(UndoAction undo) throws GeneralSecurityException {
        try {
            persist();
        } catch (RuntimeException e) {
            try {
                undo.run();
            } catch (GeneralSecurityException | RuntimeException undoFailure) {
                e.addSuppressed(undoFailure);
            }
            throw e;
        }
    }

    private void persist() {
        try {
            OwnerOnlyFiles.replace(file, out -> {
                try {
                    store.store(out, passphrase);
                } catch (GeneralSecurityException e) {
                    throw new IOException("the key store cannot be encoded", e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("vault: cannot write " + file, e);
        }
    }

    private KeyPair newKeyPair(KeyType type) {
        try {
            KeyPairGenerator generator;
            if (type == KeyType.ED25519) {
                generator = KeyPairGenerator.getInstance("Ed25519");
                generator.initialize(255, random);
            } else {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec(type.curve()), random);
            }
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("vault: this JVM cannot make " + type + " keys", e);
        }
    }

    private char[] newTransientPassword() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    private static KeyStore newKeyStore() {
        try {
            return KeyStore.getInstance("PKCS12");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("vault: this JVM has no PKCS12 key store", e);
        }
    }

    private static void load(KeyStore store, byte[] content, char[] passphrase, Path file) {
        try {
            store.load(content == null ? null : new ByteArrayInputStream(content), passphrase);
        } catch (IOException | GeneralSecurityException e) {
            // no cause: it would only repeat "password was incorrect" or a parser detail about the same bytes
            throw new IllegalStateException("vault: wrong passphrase or damaged file " + file);
        }
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            if (!OwnerOnlyFiles.isOwnerOnly(file)) {
                LOG.warn("vault: {} is readable by others than its owner; chmod 600 it", file);
            }
        } catch (IOException e) {
            LOG.warn("vault: cannot read the permissions of {}", file, e);
        }
    }

    @FunctionalInterface
    private interface UndoAction {
        void run() throws GeneralSecurityException;
    }
}
