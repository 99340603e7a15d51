package io.hallmark.server.pki;

import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * Where relying parties learn a certificate's revocation status: the extension point for CRL distribution points
 * (RFC 5280 §4.2.1.13) and the OCSP responder in Authority Information Access (RFC 5280 §4.2.2.1).
 *
 * <p>{@link CertificateIssuer} calls it for every certificate it issues below the root; a self-signed root carries
 * neither extension. {@link RevocationUrls} adds the pointers of one issuing CA, as {@link OrganizationCa} does for
 * every certificate below an organization's root; {@link #NONE} adds nothing, as {@link PlatformPki} does until the
 * platform serves CRLs and OCSP. When an implementation adds pointers, {@link PlatformPki} does not yet re-issue
 * existing TLS certificates that lack them.
 */
@FunctionalInterface
interface RevocationPointers {
    /** No CRL or OCSP pointers. */
    RevocationPointers NONE = builder -> {};

    /** Adds the CRL distribution point and AIA extensions to a certificate being issued. */
    void addTo(X509v3CertificateBuilder builder) throws CertIOException;
}
