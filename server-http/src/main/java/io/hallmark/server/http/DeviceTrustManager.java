package io.hallmark.server.http;

import io.hallmark.server.identity.DeviceAuthenticator;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        check(chain, "");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(
                chain,
                socket == null || socket.getInetAddress() == null
                        ? ""
                        : socket.getInetAddress().getHostAddress());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, engine == null || engine.getPeerHost() == null ? "" : engine.getPeerHost());
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

    private void check(X509Certificate[] chain, String address) throws CertificateException {
        // path validation and the platform's records, shared with the MQTT broker
        try {
            authenticator.checkChain(chain);
        } catch (CertificateException e) {
            record(chain, address, Optional.ofNullable(e.getMessage()));
            throw e;
        }
        record(chain, address, Optional.empty());
    }

    /** Records the handshake for the fleet audit (shared certificates, refused devices still connecting). */
    private void record(X509Certificate[] chain, String address, Optional<String> refusal) {
        if (chain != null && chain.length > 0) {
            authenticator.connections().record(chain[0], "device-port", address, Optional.empty(), false, refusal);
        }
    }
}
