package io.hallmark.server.identity;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * How a registrar reaches another instance's MASA (RFC 8995 §5.4, §5.5): a port, implemented over HTTPS by the
 * HTTP module.
 */
@FunctionalInterface
public interface MasaClient {
    /**
     * POSTs {@code signedRequest} (a registrar voucher request, compact JWS) to {@code <masaUrl>/.well-known/brski/
     * requestvoucher} over TLS whose server must chain to one of {@code tlsAnchors}; returns the signed voucher.
     *
     * @throws io.hallmark.server.errors.UnavailableException when the MASA cannot be reached or refuses
     */
    String requestVoucher(URI masaUrl, String signedRequest, List<X509Certificate> tlsAnchors);
}
