package io.hallmark.keys;

import io.hallmark.core.Checks;
import io.hallmark.server.vault.KeyType;
import io.hallmark.server.vault.KeyVault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyVault} on a PKCS#11 token (an HSM, or SoftHSM2 in tests), through the JDK's SunPKCS11 provider.
 *
 * <p>Open it with {@link #open(Path, int, char[])} (module library and slot list index) or {@link #open(Path,
 * char[])} (a SunPKCS11 configuration file, see the JDK's PKCS#11 reference guide). Either way the vault adds a key
 * generation template that makes private keys sensitive and non-extractable ({@code CKA_SENSITIVE = true},
 * {@code CKA_EXTRACTABLE = false}), and refuses a generated key whose value the token would still reveal.
 *
 * <p>Keys are ECDSA on P-256 or P-384, generated inside the token; Ed25519 is refused, since SunPKCS11 offers no
 * EdDSA keys. The JDK's PKCS#11 key store keeps a key only with a certificate, so a generated key carries a
 * self-signed placeholder certificate, signed by the token, until {@link #setCertificateChain}; {@link
 * #certificateChain} reports an empty chain for it. Aliases are lower case ({@code [a-z0-9][a-z0-9._-]*}, at most 64
 * characters) as in {@link Pkcs12FileVault}, and become the objects' {@code CKA_LABEL}.
 *
 * <p>The JDK's PKCS#11 key store rebuilds a chain by following issuer names to the first certificate of that subject
 * in the token. Two CA certificates with the same subject (say, a CA rolled over under its old name) therefore
 * cannot both be stored: {@link #setCertificateChain} refuses a chain that the token would not give back unchanged,
 * or that would change the chain of another key; a chain read back that does not link is cut before the break.
 *
 * <p>{@link #keyManagers} is not supported: JSSE signs handshakes with providers registered JVM-wide, which this
 * vault does not do; TLS keys stay in the {@link Pkcs12FileVault}.
 *
 * <p>PKCS#11 logs in once per process and token: when another provider in this JVM is already logged in to the same
 * token, the token does not check the PIN again. No method returns a private key value (the token never gives it
 * out), and no message or log line carries the PIN. All methods are thread-safe; signing takes no lock, changes are
 * serialised.
 */
public final class Pkcs11Vault extends KeyStoreVault {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Vault.class);

    private final Provider provider;
    private final Clock clock;
    private final SecureRandom random;

    private Pkcs11Vault(Provider provider, KeyStore store, Clock clock, SecureRandom random) {
        super(store, provider.getName(), "a signature algorithm of the token");
        this.provider = provider;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Opens the token in slot {@code slotListIndex} (0 is the first slot with a token) of the PKCS#11 module {@code
     * library}, logging in with {@code pin}. The caller may wipe {@code pin} afterwards.
     *
     * @throws IllegalStateException when the module cannot be loaded, the slot holds no token, or the PIN is wrong
     */
    public static Pkcs11Vault open(Path library, int slotListIndex, char[] pin) {
        Checks.notNull(library, "library");
        Checks.inRange(slotListIndex, 0, Integer.MAX_VALUE, "slotListIndex");
        Checks.check(Files.isRegularFile(library), "library", library, "a PKCS#11 module file");
        // SunPKCS11 reads quoted values verbatim; a path with a quote or line break cannot be written in its syntax
        String path = library.toAbsolutePath().toString();
        Checks.check(
                path.indexOf('"') < 0 && path.indexOf('\n') < 0, "library", library, "a path without \" or newline");
        String config = "name = hallmark\nlibrary = \"" + path + "\"\nslotListIndex = " + slotListIndex + "\n";
        return open(config, pin, library + " slot list index " + slotListIndex);
    }

    /**
     * Opens the token that the SunPKCS11 configuration file {@code sunPkcs11Config} names ({@code name}, {@code
     * library}, {@code slot} or {@code slotListIndex}, ...), logging in with {@code pin}. The caller may wipe {@code
     * pin} afterwards.
     *
     * @throws IllegalStateException when the module cannot be loaded, the slot holds no token, or the PIN is wrong
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Pkcs11Vault open(Path sunPkcs11Config, char[] pin) {
        Checks.notNull(sunPkcs11Config, "sunPkcs11Config");
        try {
            String config = Files.readString(sunPkcs11Config, StandardCharsets.UTF_8);
            return open(config, pin, sunPkcs11Config.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("vault: cannot read " + sunPkcs11Config, e);
        }
    }

    private static Pkcs11Vault open(String config, char[] pin, String description) {
        Pkcs11Token token = Pkcs11Token.login(config, pin, description);
        Pkcs11Vault vault = new Pkcs11Vault(token.provider(), token.store(), Clock.systemUTC(), new SecureRandom());
        vault.readEntries();
        LOG.info("vault: opened the PKCS#11 token of {} ({} keys)", description, vault.keys.size());
        return vault;
    }

    /**
     * Generates an ECDSA key pair inside the token.
     *
     * @throws IllegalArgumentException for {@link KeyType#ED25519}, which SunPKCS11 cannot make
     */
    @Override
    public PublicKey generate(String alias, KeyType type) {
        checkAlias(alias);
        Checks.notNull(type, "type");
        Checks.check(
                type != KeyType.ED25519,
                "type",
                type,
                "EC_P256 or EC_P384 (SunPKCS11 makes no Ed25519 keys in a PKCS#11 token)");
        synchronized (writeLock) {
            checkNew(alias);
            KeyPair pair = newKeyPair(type);
            if (pair.getPrivate().getEncoded() != null) {
                throw new IllegalStateException("vault: the token " + provider.getName()
                        + " made an extractable private key; its configuration must allow sensitive keys");
            }
            X509Certificate placeholder = PlaceholderCertificate.create(
                    pair.getPublic(), pair.getPrivate(), type.signatureAlgorithm(), provider, clock.instant(), random);
            try {
                // copies the session key into a token object labelled alias, with its certificate
                store.setKeyEntry(alias, pair.getPrivate(), null, new Certificate[] {placeholder});
                keys.put(alias, load(alias));
            } catch (GeneralSecurityException e) {
                undo(alias);
                throw new IllegalStateException("vault: cannot store the key " + alias, e);
            }
            LOG.info("vault: generated {} key {} in {}", type, alias, provider.getName());
            return placeholder.getPublicKey();
        }
    }

    @Override
    Signature signer(String jcaAlgorithm, PrivateKey privateKey) throws NoSuchAlgorithmException, InvalidKeyException {
        Signature signature = Signature.getInstance(jcaAlgorithm, provider);
        signature.initSign(privateKey);
        return signature;
    }

    @Override
    IllegalStateException signingFailed(String alias, SignatureException e) {
        return new IllegalStateException("vault: signing with " + alias + " failed", e);
    }

    @Override
    Held storeChain(String alias, Held old, List<X509Certificate> chain) {
        try {
            // the key store sees the same public key and replaces the entry's certificates in place
            store.setKeyEntry(alias, old.privateKey(), null, chain.toArray(new Certificate[0]));
            if (!chainsIntact(alias, chain)) {
                restore(alias, old);
                throw new IllegalStateException("vault: the chain of " + alias + " was not stored: the token links"
                        + " certificates by subject name only, and holds another certificate with a subject of"
                        + " this chain");
            }
            return load(alias);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("vault: cannot store the chain of " + alias, e);
        }
    }

    /**
     * Not supported: JSSE would need the token's provider registered JVM-wide.
     *
     * @throws UnsupportedOperationException always, for a key in the vault
     */
    @Override
    public KeyManager[] keyManagers(String alias) {
        require(alias);
        throw new UnsupportedOperationException("vault: the PKCS#11 vault " + provider.getName()
                + " serves no TLS key managers; keep TLS keys in the PKCS#12 file vault");
    }

    @Override
    public String toString() {
        return "Pkcs11Vault[" + provider.getName() + ", " + keys.size() + " keys]";
    }

    private void readEntries() {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
                    // CA certificates of stored chains are listed too; they belong to their keys' entries
                    if (store.isKeyEntry(alias)) {
                        LOG.warn(
                                "vault: {} holds a {} that is not a key pair; it is ignored",
                                provider.getName(),
                                alias);
                    }
                    continue;
                }
                if (!ALIAS.matcher(alias).matches()) {
                    LOG.warn(
                            "vault: {} holds a key {} not named like a vault key; it is ignored",
                            provider.getName(),
                            alias);
                    continue;
                }
                keys.put(alias, load(alias));
            }
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("vault: cannot read the keys of " + provider.getName(), e);
        }
    }

    /** Whether the token gives back {@code expected} for {@code alias} and the cached chain for every other key. */
    private boolean chainsIntact(String alias, List<X509Certificate> expected) throws GeneralSecurityException {
        if (!load(alias).chain().equals(expected)) {
            return false;
        }
        for (Map.Entry<String, Held> other : keys.entrySet()) {
            if (!other.getKey().equals(alias)
                    && !load(other.getKey()).chain().equals(other.getValue().chain())) {
                return false;
            }
        }
        return true;
    }

    private void restore(String alias, Held old) {
        try {
            store.setKeyEntry(alias, old.privateKey(), null, old.certificates());
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.warn("vault: cannot restore the previous chain of {} in {}", alias, provider.getName(), e);
        }
    }

    private Held load(String alias) throws GeneralSecurityException {
        var privateKey = (PrivateKey) store.getKey(alias, null);
        Certificate[] certificates = store.getCertificateChain(alias);
        if (privateKey == null || certificates == null) {
            throw new GeneralSecurityException("no key or certificate under the label " + alias);
        }
        return new Held(privateKey, linkedPrefix(alias, x509Chain(certificates)));
    }

    /**
     * The chain up to its first certificate not signed by the next one: the key store follows issuer names and takes
     * the first certificate of that subject, which may belong to another CA of the same name.
     */
    private List<X509Certificate> linkedPrefix(String alias, List<X509Certificate> chain) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            try {
                chain.get(i).verify(chain.get(i + 1).getPublicKey());
            } catch (GeneralSecurityException e) {
                LOG.warn(
                        "vault: the chain of {} in {} breaks after {} certificates (another certificate named {});"
                                + " only those are used",
                        alias,
                        provider.getName(),
                        i + 1,
                        chain.get(i + 1).getSubjectX500Principal().getName());
                return chain.subList(0, i + 1);
            }
        }
        return chain;
    }

    private void undo(String alias) {
        try {
            if (store.containsAlias(alias)) {
                store.deleteEntry(alias);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.warn("vault: cannot remove the half-stored key {} from {}", alias, provider.getName(), e);
        }
    }

    private KeyPair newKeyPair(KeyType type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec(type.curve()));
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException(
                    "vault: the token " + provider.getName() + " cannot make " + type + " keys", e);
        }
    }
}
