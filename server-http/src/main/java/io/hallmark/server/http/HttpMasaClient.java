package io.hallmark.server.http;

import io.hallmark.protocol.voucher.VoucherJws;
import io.hallmark.server.errors.UnavailableException;
import io.hallmark.server.identity.MasaClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar's HTTPS client to another instance's MASA (RFC 8995 §5.4): TLS trusting only the anchors the owner
 * gave for that manufacturer, no redirects, a bounded answer, a timeout. The voucher it returns is checked by the
 * caller; this only carries it.
 */
public final class HttpMasaClient implements MasaClient {
    private static final Logger LOG = LoggerFactory.getLogger(HttpMasaClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_ANSWER = 64 * 1024;

    @Override
    public String requestVoucher(URI masaUrl, String signedRequest, List<X509Certificate> tlsAnchors) {
        if (!"https".equalsIgnoreCase(masaUrl.getScheme()) || masaUrl.getHost() == null) {
            throw new UnavailableException("the device's MASA URL is not an https URL");
        }
        String base = masaUrl.toString().endsWith("/") ? masaUrl.toString() : masaUrl + "/";
        URI target = URI.create(base + ".well-known/brski/requestvoucher");
        try (HttpClient client = HttpClient.newBuilder()
                .sslContext(tls(tlsAnchors))
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            HttpResponse<InputStream> response = client.send(
                    HttpRequest.newBuilder(target)
                            .timeout(TIMEOUT)
                            .header("Content-Type", VoucherJws.MEDIA_TYPE)
                            .header("Accept", VoucherJws.MEDIA_TYPE)
                            .POST(HttpRequest.BodyPublishers.ofString(signedRequest, StandardCharsets.US_ASCII))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_ANSWER);
            }
            if (response.statusCode() != 200) {
                LOG.warn("MASA {} answered {}", target, response.statusCode());
                throw new UnavailableException(
                        "the manufacturer's MASA refused the voucher request (HTTP " + response.statusCode() + ")");
            }
            return new String(body, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            LOG.warn("MASA {} cannot be reached: {}", target, e.toString());
            throw new UnavailableException("the manufacturer's MASA cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while asking the manufacturer's MASA");
        }
    }

    private static SSLContext tls(List<X509Certificate> anchors) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate a : anchors) {
                trust.setCertificateEntry("anchor-" + i++, a);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("a TLS context for the MASA cannot be made", e);
        }
    }
}
