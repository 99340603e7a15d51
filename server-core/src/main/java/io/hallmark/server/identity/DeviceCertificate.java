package io.hallmark.server.identity;

import io.hallmark.core.Checks;
import io.hallmark.server.pki.OrganizationCa;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * A certificate issued to a device, and its revocation state.
 *
 * @param caAlias the vault alias of the issuing CA, e.g. {@code org.org_x.idevid-ca}
 * @param serialNumber the certificate's serial number
 * @param deviceId the device it was issued to
 * @param orgId the organization whose CA issued it
 * @param purpose IDevID (birth certificate) or LDevID (operational)
 * @param status whether it is good, held or revoked
 * @param statusChangedAt when it was last held, released or revoked
 * @param reason the RFC 5280 §5.3.1 reason name when held or revoked, e.g. {@code cessationOfOperation}
 * @param sha256 the hex SHA-256 of the DER encoding, the certificate's fingerprint
 * @param der the certificate
 */
public record DeviceCertificate(
        String caAlias,
        BigInteger serialNumber,
        String deviceId,
        String orgId,
        OrganizationCa.Purpose purpose,
        Instant notBefore,
        Instant notAfter,
        CertificateStatus status,
        Optional<Instant> statusChangedAt,
        Optional<String> reason,
        String sha256,
        byte[] der) {
    /** Checks the fields. */
    public DeviceCertificate {
        Checks.notBlank(caAlias, "caAlias");
        Checks.notNull(serialNumber, "serialNumber");
        Checks.notBlank(deviceId, "deviceId");
        Checks.notBlank(orgId, "orgId");
        Checks.notNull(purpose, "purpose");
        Checks.notNull(notBefore, "notBefore");
        Checks.notNull(notAfter, "notAfter");
        Checks.notNull(status, "status");
        Checks.notNull(statusChangedAt, "statusChangedAt");
        Checks.notNull(reason, "reason");
        Checks.notBlank(sha256, "sha256");
        Checks.notNull(der, "der");
    }

    /** The serial number in lower-case hex, as it is stored and shown. */
    public String serialHex() {
        return serialNumber.toString(16);
    }
}
