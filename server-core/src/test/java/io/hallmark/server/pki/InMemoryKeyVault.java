package io.hallmark.server.pki;

import io.hallmark.server.vault.KeyType;
import io.hallmark.server.vault.KeyVault;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/** A {@link KeyVault} in memory for tests; server-core cannot see the real vaults of the keys module. */
final class InMemoryKeyVault implements KeyVault {
    private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();
    private final Map<String, List<X509Certificate>> chains = new ConcurrentHashMap<>();
    private final Map<String, Integer> signatures = new ConcurrentHashMap<>();

    @Override
    public boolean contains(String alias) {
        return keys.containsKey(alias);
    }

    @Override
    public synchronized PublicKey generate(String alias, KeyType type) {
        if (keys.containsKey(alias)) {
            throw new IllegalStateException("alias taken: " + alias);
        }
        try {
            KeyPairGenerator generator;
            if (type == KeyType.ED25519) {
                generator = KeyPairGenerator.getInstance("Ed25519");
            } else {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec(type.curve()));
            }
            KeyPair pair = generator.generateKeyPair();
            keys.put(alias, pair);
            return pair.getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<PublicKey> publicKey(String alias) {
        return Optional.ofNullable(keys.get(alias)).map(KeyPair::getPublic);
    }

    @Override
    public byte[] sign(String alias, String jcaAlgorithm, byte[] data) {
        try {
            Signature signature = Signature.getInstance(jcaAlgorithm);
            signature.initSign(require(alias).getPrivate());
            signature.update(data);
            signatures.merge(alias, 1, Integer::sum);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void setCertificateChain(String alias, List<X509Certificate> chain) {
        require(alias);
        chains.put(alias, List.copyOf(chain));
    }

    @Override
    public List<X509Certificate> certificateChain(String alias) {
        require(alias);
        return chains.getOrDefault(alias, List.of());
    }

    @Override
    public KeyManager[] keyManagers(String alias) {
        try {
            char[] password = "in-memory".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(
                    alias,
                    require(alias).getPrivate(),
                    password,
                    certificateChain(alias).toArray(new Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many signatures the key under {@code alias} made. */
    int signatureCount(String alias) {
        return signatures.getOrDefault(alias, 0);
    }

    private KeyPair require(String alias) {
        KeyPair pair = keys.get(alias);
        if (pair == null) {
            throw new IllegalArgumentException("unknown alias: " + alias);
        }
        return pair;
    }
}
