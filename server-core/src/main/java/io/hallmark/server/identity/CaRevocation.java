package io.hallmark.server.identity;

import io.hallmark.core.Checks;
import io.hallmark.server.pki.CertificateStatus;
import java.math.BigInteger;
import java.time.Instant;

/**
 * An issuing CA of an organization revoked by the organization's root: its certificate's serial is on the root's CRL
 * (RFC 5280 §5.1.2.6) and the CA issues nothing more.
 *
 * @param orgId the organization whose CA it is
 * @param caAlias the issuing CA's vault alias, e.g. {@code org.acme.ldevid-ca}
 * @param rootAlias the vault alias of the root that issued its certificate, whose CRL lists it
 * @param serial the serial number of the issuing CA's certificate
 * @param reason the CRLReason (RFC 5280 §5.3.1)
 * @param revokedAt when it was revoked, the CRL entry's revocationDate
 * @param revokedBy the user who revoked it
 */
public record CaRevocation(
        String orgId,
        String caAlias,
        String rootAlias,
        BigInteger serial,
        CertificateStatus.Reason reason,
        Instant revokedAt,
        String revokedBy) {
    /** Checks every field. */
    public CaRevocation {
        Checks.notBlank(orgId, "orgId");
        Checks.notBlank(caAlias, "caAlias");
        Checks.notBlank(rootAlias, "rootAlias");
        Checks.notNull(serial, "serial");
        Checks.notNull(reason, "reason");
        Checks.notNull(revokedAt, "revokedAt");
        Checks.notBlank(revokedBy, "revokedBy");
    }

    /** The serial number in lower-case hexadecimal, as the platform shows serials. */
    public String serialHex() {
        return serial.toString(16);
    }
}
