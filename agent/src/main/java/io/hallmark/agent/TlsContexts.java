package io.hallmark.agent;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * TLS contexts for EST: the server's chain must end at the explicit trust anchor (RFC 7030 §3.6.1), and the client
 * presents at most one certificate, its own, whatever issuers the server lists.
 */
final class TlsContexts {
    private static final String ALIAS = "device";

    private TlsContexts() {}

    static SSLContext create(List<X509Certificate> trustAnchors, Optional<TlsCredential> client) {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            for (int i = 0; i < trustAnchors.size(); i++) {
                anchors.setCertificateEntry("anchor-" + i, trustAnchors.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    client.map(c -> new KeyManager[] {new SingleKeyManager(c)}).orElse(null),
                    trust.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("TLS context cannot be made", e);
        }
    }

    /**
     * Always offers the device's one certificate: the JDK's own key managers would withhold it when the server's list
     * of acceptable issuers names only roots and the chain at hand stops below them.
     */
    private static final class SingleKeyManager extends X509ExtendedKeyManager {
        private final TlsCredential credential;

        SingleKeyManager(TlsCredential credential) {
            this.credential = credential;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? credential.chain().toArray(X509Certificate[]::new) : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? credential.key() : null;
        }
    }
}
