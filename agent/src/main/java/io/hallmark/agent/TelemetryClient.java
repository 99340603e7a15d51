package io.hallmark.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends telemetry reports ({@code docs/protocol/telemetry.md}) to {@code POST /telemetry/v1} on the device port, with
 * the device's operational certificate as TLS client certificate. Blocking (meant for virtual threads); connections
 * are kept alive per client by the JDK.
 */
public final class TelemetryClient {
    private final URI endpoint;
    private final SSLSocketFactory sockets;
    private final int timeoutMillis;

    private TelemetryClient(URI endpoint, SSLSocketFactory sockets, Duration timeout) {
        this.endpoint = endpoint;
        this.sockets = sockets;
        this.timeoutMillis = (int) timeout.toMillis();
    }

    /**
     * A client for the enrolled device whose identity is in {@code stateDirectory}.
     *
     * @param server the device port, {@code https://HOST:PORT}
     * @param trustAnchor the platform CA (PEM) the server must chain to
     * @throws IllegalStateException when the device is not enrolled
     */
    public static TelemetryClient open(Path stateDirectory, URI server, Path trustAnchor, Duration timeout) {
        SSLSocketFactory sockets = tls(stateDirectory, trustAnchor).getSocketFactory();
        String base = server.toString().endsWith("/") ? server.toString() : server + "/";
        return new TelemetryClient(URI.create(base + "telemetry/v1"), sockets, timeout);
    }

    /**
     * The TLS context of the enrolled device whose identity is in {@code stateDirectory}: its operational certificate
     * as client certificate, trusting only {@code trustAnchor} (also what an MQTT client of the device uses).
     *
     * @throws IllegalStateException when the device is not enrolled
     */
    public static SSLContext tls(Path stateDirectory, Path trustAnchor) {
        IdentityStore store = new IdentityStore(stateDirectory);
        TlsCredential credential = store.findCurrent()
                .orElseThrow(() -> new IllegalStateException(
                        stateDirectory + ": not enrolled (expected: key.pem and cert.pem; enroll first)"));
        List<java.security.cert.X509Certificate> anchors = IdentityStore.readCertificates(trustAnchor);
        return TlsContexts.create(anchors, Optional.of(credential));
    }

    /**
     * Sends one report.
     *
     * @return the HTTP status: 202 taken, 400 malformed, 409 not newer, 401/403 refused (not active: quarantined)
     * @throws IOException when the server cannot be reached or the TLS handshake fails (a held certificate)
     */
    public int send(byte[] report) throws IOException {
        HttpsURLConnection c = (HttpsURLConnection) endpoint.toURL().openConnection();
        c.setSSLSocketFactory(sockets);
        c.setConnectTimeout(timeoutMillis);
        c.setReadTimeout(timeoutMillis);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(report.length);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(report);
        }
        int status = c.getResponseCode();
        // read the answer to the end so the connection can be reused
        try (InputStream in = status >= HttpURLConnection.HTTP_BAD_REQUEST ? c.getErrorStream() : c.getInputStream()) {
            if (in != null) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        return status;
    }
}
