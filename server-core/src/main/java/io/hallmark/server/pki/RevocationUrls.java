package io.hallmark.server.pki;

import io.hallmark.core.Checks;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * The revocation pointers of one issuing CA: its CRL distribution point (RFC 5280 §4.2.1.13) and the OCSP responder
 * in Authority Information Access (RFC 5280 §4.2.2.1, RFC 6960 §3.1).
 *
 * <p>{@link #of} lays them out under the platform's base URL as {@code <base>/crl/<ca-id>.crl} and {@code
 * <base>/ocsp}; one responder answers for every CA, since an OCSP request names its issuer by key and name hash.
 * Both are plain {@code http}: CRLs and OCSP responses are signed, and fetching them over TLS would make checking a
 * certificate depend on checking another (RFC 5280 §4.2.1.13, RFC 6960 Appendix A.1).
 *
 * @param crl where the CA's CRL is published
 * @param ocsp where the OCSP responder answers
 */
record RevocationUrls(URI crl, URI ocsp) implements RevocationPointers {
    /** A CA id as it appears in the CRL file name: the CA's vault alias. */
    private static final Pattern CA_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

    RevocationUrls {
        Checks.notNull(crl, "crl");
        Checks.notNull(ocsp, "ocsp");
    }

    /**
     * The pointers of the CA {@code caId} under {@code baseUrl}.
     *
     * @param baseUrl an absolute {@code http} URL without query or fragment, e.g. {@code http://pki.example:8080}
     * @param caId the CA's id, lower-case letters, digits, dots, hyphens and underscores
     */
    static RevocationUrls of(URI baseUrl, String caId) {
        String base = checkBaseUrl(baseUrl);
        Checks.notNull(caId, "caId");
        Checks.check(CA_ID.matcher(caId).matches(), "caId", "\"" + caId + "\"", "matching " + CA_ID.pattern());
        return new RevocationUrls(URI.create(base + "/crl/" + caId + ".crl"), URI.create(base + "/ocsp"));
    }

    /** The base URL as text without a trailing slash, or an exception naming what is wrong with it. */
    static String checkBaseUrl(URI baseUrl) {
        Checks.notNull(baseUrl, "baseUrl");
        Checks.check(
                baseUrl.isAbsolute()
                        && "http".equals(baseUrl.getScheme().toLowerCase(Locale.ROOT))
                        && baseUrl.getHost() != null
                        && baseUrl.getRawUserInfo() == null
                        && baseUrl.getRawQuery() == null
                        && baseUrl.getRawFragment() == null,
                "baseUrl",
                baseUrl,
                "an absolute http URL with a host and no user, query or fragment");
        String text = baseUrl.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void addTo(X509v3CertificateBuilder builder) throws CertIOException {
        GeneralNames crlName = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crl.toString()));
        builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(new DistributionPointName(crlName), null, null)
        }));
        builder.addExtension(
                Extension.authorityInfoAccess,
                false,
                new AuthorityInformationAccess(new AccessDescription(
                        AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, ocsp.toString()))));
    }
}
