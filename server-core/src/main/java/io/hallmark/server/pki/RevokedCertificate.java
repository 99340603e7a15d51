package io.hallmark.server.pki;

import io.hallmark.core.Checks;
import java.math.BigInteger;

/**
 * One entry of a CRL (RFC 5280 §5.1.2.6): a certificate of the CA that is held or revoked.
 *
 * @param serial the certificate's serial number
 * @param status {@link CertificateStatus.Held} or {@link CertificateStatus.Revoked}
 */
public record RevokedCertificate(BigInteger serial, CertificateStatus status) {
    /** Checks the entry is held or revoked. */
    public RevokedCertificate {
        Checks.notNull(serial, "serial");
        Checks.notNull(status, "status");
        Checks.check(
                status instanceof CertificateStatus.Held || status instanceof CertificateStatus.Revoked,
                "status",
                status,
                "held or revoked");
    }
}
