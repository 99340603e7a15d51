package io.hallmark.keys;

import io.hallmark.core.Checks;
import io.hallmark.server.vault.KeyVault;
import java.security.InvalidKeyException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What the {@link KeyVault}s over a JCA {@link KeyStore} share: the alias rules, the keys held in memory for
 * lock-free reads, signing with a held private key, and the checks before a certificate chain is stored. How a
 * change reaches the key store's backing (a PKCS#12 file, a PKCS#11 token) stays with each vault.
 */
abstract class KeyStoreVault implements KeyVault {
    /** A vault alias: lower case, since PKCS#12 compares aliases without case; at most 64 characters. */
    static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** Serialises changes. */
    final Object writeLock = new Object();
    /** The backing key store; changed only under {@link #writeLock}. */
    final KeyStore store;
    /** Held entries, for lock-free reads. */
    final Map<String, Held> keys = new ConcurrentHashMap<>();

    private final String name;
    private final String signatureAlgorithms;

    /**
     * @param store the backing key store
     * @param name the vault's name in messages ("a key in the vault NAME")
     * @param signatureAlgorithms what an unknown {@code jcaAlgorithm} is expected to be, in the message refusing it
     */
    KeyStoreVault(KeyStore store, String name, String signatureAlgorithms) {
        this.store = store;
        this.name = name;
        this.signatureAlgorithms = signatureAlgorithms;
    }

    @Override
    public boolean contains(String alias) {
        return alias != null && keys.containsKey(alias);
    }

    @Override
    public Optional<PublicKey> publicKey(String alias) {
        return Optional.ofNullable(alias).map(keys::get).map(Held::publicKey);
    }

    @Override
    public byte[] sign(String alias, String jcaAlgorithm, byte[] data) {
        Checks.notBlank(jcaAlgorithm, "jcaAlgorithm");
        Checks.notNull(data, "data");
        Held held = require(alias);
        try {
            Signature signature = signer(jcaAlgorithm, held.privateKey());
            signature.update(data);
            return signature.sign();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException(
                    "jcaAlgorithm: " + jcaAlgorithm + " (expected: " + signatureAlgorithms + ")", e);
        } catch (InvalidKeyException e) {
            // no cause: the provider's message may describe the key
            throw new IllegalArgumentException("jcaAlgorithm: " + jcaAlgorithm + " (expected: an algorithm for the "
                    + held.publicKey().getAlgorithm() + " key " + alias + ")");
        } catch (SignatureException e) {
            throw signingFailed(alias, e);
        }
    }

    @Override
    public void setCertificateChain(String alias, List<X509Certificate> chain) {
        Checks.notEmpty(chain, "chain");
        List<X509Certificate> copy = List.copyOf(chain);
        synchronized (writeLock) {
            Held old = require(alias);
            Checks.check(
                    copy.get(0).getPublicKey().equals(old.publicKey()),
                    "chain",
                    copy.get(0).getSubjectX500Principal().getName(),
                    "a first certificate for the public key under " + alias);
            keys.put(alias, storeChain(alias, old, copy));
        }
    }

    @Override
    public List<X509Certificate> certificateChain(String alias) {
        Held held = require(alias);
        return PlaceholderCertificate.isPlaceholder(held.chain()) ? List.of() : held.chain();
    }

    /** A {@link Signature} for {@code jcaAlgorithm}, initialised for signing with {@code privateKey}. */
    abstract Signature signer(String jcaAlgorithm, PrivateKey privateKey)
            throws NoSuchAlgorithmException, InvalidKeyException;

    /** The exception for a signature that failed although algorithm and key fit. */
    abstract IllegalStateException signingFailed(String alias, SignatureException e);

    /**
     * Stores {@code chain}, already checked to start with the public key of {@code old}, for {@code alias} in the
     * backing key store, under {@link #writeLock}, and returns the entry to hold from now on.
     */
    abstract Held storeChain(String alias, Held old, List<X509Certificate> chain);

    /** Checks that {@code alias} is named like a vault key. */
    static void checkAlias(String alias) {
        Checks.notNull(alias, "alias");
        Checks.check(ALIAS.matcher(alias).matches(), "alias", alias, "[a-z0-9][a-z0-9._-]*, at most 64 characters");
    }

    /** Checks, under {@link #writeLock}, that no key is held under {@code alias} yet. */
    void checkNew(String alias) {
        Checks.checkState(!keys.containsKey(alias), "alias", alias, "not yet in the vault " + name);
    }

    /** The entry held under {@code alias}. */
    Held require(String alias) {
        Held held = alias == null ? null : keys.get(alias);
        if (held == null) {
            throw new IllegalArgumentException("alias: " + alias + " (expected: a key in the vault " + name + ")");
        }
        return held;
    }

    /** The certificates of a key store entry as X.509 certificates. */
    static List<X509Certificate> x509Chain(Certificate[] certificates) {
        return Arrays.stream(certificates).map(X509Certificate.class::cast).toList();
    }

    /** A key (or key handle) as held in memory, with its certificate chain; never printed. */
    record Held(PrivateKey privateKey, PublicKey publicKey, List<X509Certificate> chain) {
        /** Holds the key of {@code chain}'s first certificate. */
        Held(PrivateKey privateKey, List<X509Certificate> chain) {
            this(privateKey, chain.get(0).getPublicKey(), chain);
        }

        KeyStore.PrivateKeyEntry entry() {
            return new KeyStore.PrivateKeyEntry(privateKey, certificates());
        }

        Certificate[] certificates() {
            return chain.toArray(new Certificate[0]);
        }

        @Override
        public String toString() {
            return "Held[" + publicKey.getAlgorithm() + "]";
        }
    }
}
