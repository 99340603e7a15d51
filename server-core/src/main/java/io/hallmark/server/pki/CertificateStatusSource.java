package io.hallmark.server.pki;

import java.math.BigInteger;
import java.util.List;

/**
 * Where the revocation status of the platform's certificates is kept: the port the OCSP responder and the CRL
 * publisher read, implemented by the certificate store.
 *
 * <p>A CA is named by its vault alias, e.g. {@code org.acme.idevid-ca}, as {@link CaDirectory} knows it. Reads are
 * frequent and must be safe for concurrent use; neither reader caches a read across a change it has been told
 * about.
 *
 * <p>Change notification: this port does not push changes. Whoever writes a status (the service that quarantines,
 * releases or decommissions a device) calls {@link CertificateStatusListener#statusChanged} on the responder and the
 * publisher after its write commits. Between notifications both serve what they cached without calling this source,
 * which is what lets the responder answer an unchanged certificate from memory. On a deployment of several nodes a
 * node that is not told learns of a change when its cached answers expire (the OCSP response validity, half the CRL
 * validity at most).
 */
public interface CertificateStatusSource {
    /**
     * The status of the certificate {@code serial} issued by {@code caAlias}: {@link CertificateStatus#UNKNOWN} when
     * the CA never issued it, or the CA is not known here.
     */
    CertificateStatus status(String caAlias, BigInteger serial);

    /**
     * Every held or revoked certificate of {@code caAlias}, for its CRL, in any order; empty when none.
     *
     * <p>An implementation may leave out a certificate whose validity has ended, but only after it has appeared on
     * one regularly scheduled CRL issued after its {@code notAfter} (RFC 5280 §3.3): keeping an entry until {@code
     * notAfter} plus two CRL validity periods is enough. Held certificates are always listed.
     */
    List<RevokedCertificate> revoked(String caAlias);
}
