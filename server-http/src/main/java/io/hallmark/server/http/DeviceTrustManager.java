package io.hallmark.server.http;

import io.hallmark.server.identity.DeviceAuthenticator;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
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
        // path validation and the platform's records, shared with the MQTT broker
        authenticator.checkChain(chain);
    }
}
