package io.hallmark.agent;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;

/**
 * Reads the certificates of a certs-only CMS SignedData ("degenerate PKCS#7", RFC 7030 §4.1.3 and §4.2.3), as an
 * EST server sends them: base64 of DER (RFC 8951 §3.2: base64 whatever the Content-Transfer-Encoding header says;
 * line breaks allowed), or DER. Pure: bytes in, certificates or an {@link EstException} out.
 */
final class CertsOnly {
    /** More than any certificate chain an EST server sends; bounds what is decoded. */
    static final int MAX_BYTES = 256 * 1024;

    private CertsOnly() {}

    /**
     * The certificates in {@code body}, in the order they appear.
     *
     * @throws EstException ({@link EstException.Reason#MALFORMED_RESPONSE}) when it is not a certs-only SignedData
     *     holding at least one X.509 certificate
     */
    static List<X509Certificate> parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw malformed("an empty body");
        }
        if (body.length > MAX_BYTES) {
            throw malformed(body.length + " bytes (expected: at most " + MAX_BYTES + ")");
        }
        byte[] der = der(body);
        try {
            CMSSignedData signed = new CMSSignedData(der);
            Collection<X509CertificateHolder> holders = signed.getCertificates().getMatches(null);
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certificates = new ArrayList<>();
            for (X509CertificateHolder holder : holders) {
                certificates.add(
                        (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded())));
            }
            if (certificates.isEmpty()) {
                throw malformed("a SignedData without certificates");
            }
            return List.copyOf(certificates);
        } catch (EstException e) {
            throw e;
        } catch (Exception e) {
            // BouncyCastle's ASN.1 layer reports bad input with several runtime types; all mean the same here
            throw new EstException(
                    EstException.Reason.MALFORMED_RESPONSE,
                    "EST answer: not a certs-only PKCS#7 (expected: CMS SignedData with certificates, RFC 7030 §4.1.3)",
                    e);
        }
    }

    private static byte[] der(byte[] body) {
        if ((body[0] & 0xff) == 0x30) {
            return body;
        }
        try {
            return Base64.getMimeDecoder().decode(new String(body, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw malformed("neither DER nor base64");
        }
    }

    private static EstException malformed(String what) {
        return new EstException(
                EstException.Reason.MALFORMED_RESPONSE,
                "EST answer: " + what + " (expected: base64 of a certs-only PKCS#7, RFC 7030 §4.1.3)");
    }
}
