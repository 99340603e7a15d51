package io.hallmark.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;

/**
 * A minimal HTTP/1.1 client over one {@link SSLSocket} per request, as a device speaks to the device port: every
 * call opens a new TCP connection and makes a full TLS handshake (a new {@link SSLContext}, so no session can be
 * resumed) unless it is given a context to reuse, sends one request with {@code Connection: close} and reads the
 * response to the end.
 */
final class EstClient {
    private final int port;
    private final TrustManager[] trust;

    /** A client of the device port {@code port} on 127.0.0.1, trusting the platform root in {@code caPem}. */
    EstClient(int port, Path caPem) {
        this.port = port;
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(
                    "platform-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            this.trust = tmf.getTrustManagers();
        } catch (IOException e) {
            throw new UncheckedIOException(caPem + " cannot be read", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(caPem + " is not a usable CA certificate", e);
        }
    }

    /** A response: the status code and the body. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.US_ASCII);
        }
    }

    /** Key managers presenting {@code certificate} with {@code key}, for mutual TLS. */
    static KeyManager[] keyManagers(PrivateKey key, X509Certificate certificate) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "device".toCharArray();
            store.setKeyEntry("device", key, password, new X509Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            return kmf.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("device key managers cannot be made", e);
        }
    }

    /** A new client TLS context with {@code keyManagers} (null: no client certificate). */
    SSLContext context(KeyManager[] keyManagers) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS context cannot be made", e);
        }
    }

    /** {@code POST /.well-known/est/simpleenroll} with HTTP Basic, on a new connection and a new TLS context. */
    Response simpleEnroll(String serial, String secret, byte[] csrDer) {
        String basic = Base64.getEncoder().encodeToString((serial + ":" + secret).getBytes(StandardCharsets.UTF_8));
        byte[] body = Base64.getMimeEncoder().encode(csrDer);
        return exchange(
                context(null),
                "POST /.well-known/est/simpleenroll HTTP/1.1\r\nAuthorization: Basic " + basic
                        + "\r\nContent-Type: application/pkcs10\r\nContent-Transfer-Encoding: base64\r\n",
                body);
    }

    /** {@code GET path} on a new connection with {@code context}. */
    Response get(SSLContext context, String path) {
        return exchange(context, "GET " + path + " HTTP/1.1\r\n", new byte[0]);
    }

    private Response exchange(SSLContext context, String head, byte[] body) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            // as curl and most TLS clients do: without it, the request written after the handshake's last flight
            // waits for the server's delayed ACK (Nagle), some 40 ms per connection on Linux
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            String headers = head + "Host: 127.0.0.1:" + port + "\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            ByteArrayOutputStream request = new ByteArrayOutputStream(headers.length() + body.length);
            request.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(body);
            out.write(request.toByteArray());
            out.flush();
            byte[] all = socket.getInputStream().readAllBytes();
            return parse(all);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "device port 127.0.0.1:" + port + ": "
                            + head.lines().findFirst().orElse(""),
                    e);
        }
    }

    private static Response parse(byte[] all) {
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IllegalStateException(
                    "not an HTTP/1.1 response: " + text.lines().findFirst().orElse(""));
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String headers = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.contains("transfer-encoding: chunked")) {
            int at = end + 4;
            while (true) {
                int lineEnd = text.indexOf("\r\n", at);
                int size = Integer.parseInt(text.substring(at, lineEnd).strip(), 16);
                if (size == 0) {
                    break;
                }
                body.write(all, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
        } else {
            body.write(all, end + 4, all.length - end - 4);
        }
        return new Response(status, body.toByteArray());
    }

    /** The certificates of an EST {@code application/pkcs7-mime} body (base64 of a certs-only CMS SignedData). */
    static List<X509Certificate> certificates(byte[] base64) {
        try {
            CMSSignedData data = new CMSSignedData(Base64.getMimeDecoder().decode(base64));
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            return data.getCertificates().getMatches(null).stream()
                    .map(h -> {
                        try {
                            return converter.getCertificate((X509CertificateHolder) h);
                        } catch (GeneralSecurityException e) {
                            throw new IllegalStateException("a certificate of the response cannot be decoded", e);
                        }
                    })
                    .toList();
        } catch (CMSException e) {
            throw new IllegalStateException("not a PKCS#7 certs-only body", e);
        }
    }
}
