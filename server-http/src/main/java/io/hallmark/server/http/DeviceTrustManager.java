package io.hallmark.server.http;

import io.hallmark.server.identity.DeviceAuthenticator;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Validates device client certificates on the device port: the chain must lead to one of the organizations' roots
 * (RFC 5280 §6 path validation, with the roots read at each handshake so that new organizations count at once),
 * and the platform's own records must let the certificate in (issued here, good, device not decommissioned). A
 * refused certificate fails the handshake, as {@code openssl s_client} shows.
 */
final class DeviceTrustManager extends X509ExtendedTrustManager {
    private final DeviceAuthenticator authenticator;

    DeviceTrustManager(DeviceAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager checks clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("this trust manager checks clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("this trust manager checks clients only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        // the issuing CAs too: a client holding only its leaf picks its certificate by its direct issuer (JSSE does)
        List<X509Certificate> issuers = new ArrayList<>(authenticator.trustAnchors());
        issuers.addAll(authenticator.intermediates());
        return issuers.stream().distinct().toArray(X509Certificate[]::new);
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        List<X509Certificate> roots = authenticator.trustAnchors();
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate root : roots) {
            anchors.add(new TrustAnchor(root, null));
        }
        if (anchors.isEmpty()) {
            throw new CertificateException("no organization roots to validate against");
        }
        // build the path from the leaf with what the client sent and the issuing CAs we know, since many clients
        // (openssl s_client -cert, curl --cert) send the leaf alone
        List<X509Certificate> known = new ArrayList<>(Arrays.asList(chain));
        known.addAll(authenticator.intermediates());
        try {
            X509CertSelector leaf = new X509CertSelector();
            leaf.setCertificate(chain[0]);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, leaf);
            params.setRevocationEnabled(false); // the platform's own records are checked below
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(known)));
            CertPathBuilder.getInstance("PKIX").build(params);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("client certificate does not chain to an organization root", e);
        }
        var refusal = authenticator.refusal(chain[0]);
        if (refusal.isPresent()) {
            throw new CertificateException("client certificate refused: " + refusal.get());
        }
    }
}
