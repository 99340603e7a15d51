package io.hallmark.server.pki;

import java.math.BigInteger;

/**
 * Told when a certificate's revocation status changed, so that what was derived from the old status (cached OCSP
 * responses, the CA's CRL) is dropped. {@link OcspResponder} and {@link CrlPublisher} implement it.
 *
 * <p>Whoever changes a status (quarantine, release, decommission, issuance when unknown answers are cached) calls
 * {@link #statusChanged} after the change is committed to the {@link CertificateStatusSource}, never before: a reader
 * that reads the source in between would otherwise cache the old status again.
 */
@FunctionalInterface
public interface CertificateStatusListener {
    /**
     * The status of the certificate {@code serial} of the CA {@code caAlias} changed.
     *
     * @param caAlias the issuing CA's vault alias, e.g. {@code org.acme.idevid-ca}
     * @param serial the certificate's serial number
     */
    void statusChanged(String caAlias, BigInteger serial);
}
