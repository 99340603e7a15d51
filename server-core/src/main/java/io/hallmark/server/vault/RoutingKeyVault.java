package io.hallmark.server.vault;

import io.hallmark.core.Checks;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.KeyManager;

/**
 * Two vaults as one: keys whose alias {@code toToken} accepts live in the token (an HSM through PKCS#11), every other
 * key in the default vault. Hallmark puts the organizations' CA keys ({@code org.*}) in the token when one is
 * configured and keeps TLS and platform keys in the passphrase-encrypted file, whose key managers JSSE can use.
 */
public final class RoutingKeyVault implements KeyVault {
    private final KeyVault fallback;
    private final KeyVault token;
    private final Predicate<String> toToken;

    /** Routes aliases accepted by {@code toToken} to {@code token}, the rest to {@code fallback}. */
    public RoutingKeyVault(KeyVault fallback, KeyVault token, Predicate<String> toToken) {
        this.fallback = Checks.notNull(fallback, "fallback");
        this.token = Checks.notNull(token, "token");
        this.toToken = Checks.notNull(toToken, "toToken");
    }

    private KeyVault of(String alias) {
        return alias != null && toToken.test(alias) ? token : fallback;
    }

    @Override
    public boolean contains(String alias) {
        return of(alias).contains(alias);
    }

    @Override
    public PublicKey generate(String alias, KeyType type) {
        return of(alias).generate(alias, type);
    }

    @Override
    public Optional<PublicKey> publicKey(String alias) {
        return of(alias).publicKey(alias);
    }

    @Override
    public byte[] sign(String alias, String jcaAlgorithm, byte[] data) {
        return of(alias).sign(alias, jcaAlgorithm, data);
    }

    @Override
    public void setCertificateChain(String alias, List<X509Certificate> chain) {
        of(alias).setCertificateChain(alias, chain);
    }

    @Override
    public List<X509Certificate> certificateChain(String alias) {
        return of(alias).certificateChain(alias);
    }

    @Override
    public KeyManager[] keyManagers(String alias) {
        return of(alias).keyManagers(alias);
    }

    @Override
    public String toString() {
        return "RoutingKeyVault[token=" + token + ", default=" + fallback + "]";
    }
}
