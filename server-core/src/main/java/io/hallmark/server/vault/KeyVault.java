package io.hallmark.server.vault;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;

/**
 * Custody of the platform's private keys: CA, TLS, update-signing, label and audit-checkpoint keys.
 *
 * <p>A key is made inside the vault and never leaves it: callers get its public key, ask for signatures, and hand a
 * TLS listener the vault's {@link KeyManager}s. Implementations: a passphrase-encrypted PKCS#12 file (default) and a
 * PKCS#11 token. Every method is safe for concurrent use.
 */
public interface KeyVault {

    /** Whether a key with {@code alias} exists. */
    boolean contains(String alias);

    /**
     * Generates a key pair under {@code alias} and returns its public key.
     *
     * @throws IllegalStateException when the alias is taken
     */
    PublicKey generate(String alias, KeyType type);

    /** The public key under {@code alias}, if any. */
    Optional<PublicKey> publicKey(String alias);

    /**
     * Signs {@code data} with the key under {@code alias}, hashing with the algorithm's digest.
     *
     * @param jcaAlgorithm a JCA signature name: {@code SHA256withECDSA}, {@code SHA384withECDSA}, {@code Ed25519}
     * @return the signature as the JCA returns it (DER for ECDSA)
     */
    byte[] sign(String alias, String jcaAlgorithm, byte[] data);

    /** Stores the certificate chain (leaf first) for the key under {@code alias}. */
    void setCertificateChain(String alias, List<X509Certificate> chain);

    /** The certificate chain (leaf first) stored with the key under {@code alias}; empty when none. */
    List<X509Certificate> certificateChain(String alias);

    /** Key managers presenting the key and chain under {@code alias} to TLS peers. */
    KeyManager[] keyManagers(String alias);
}
