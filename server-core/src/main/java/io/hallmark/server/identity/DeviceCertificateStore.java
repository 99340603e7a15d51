package io.hallmark.server.identity;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Persistence of the certificates issued to devices and of their revocation state. */
public interface DeviceCertificateStore {
    /** Stores a newly issued certificate. */
    void insert(DeviceCertificate certificate);

    /** The certificate issued by the CA {@code caAlias} with {@code serialNumber}. */
    Optional<DeviceCertificate> find(String caAlias, BigInteger serialNumber);

    /** The certificate whose DER encoding has the hex SHA-256 {@code sha256}. */
    Optional<DeviceCertificate> findBySha256(String sha256);

    /** The device's certificates, oldest first. */
    List<DeviceCertificate> forDevice(String deviceId);

    /** The certificates of any of {@code deviceIds} (at most 500), in one query, in no particular order. */
    List<DeviceCertificate> forDevices(java.util.Collection<String> deviceIds);

    /**
     * Sets the status of the device's certificates that are now in one of {@code from} and issued by one of {@code
     * orgIds}' CAs.
     *
     * @param reason the RFC 5280 §5.3.1 reason name, or empty when releasing a hold
     * @return the certificates changed, as they are now
     */
    List<DeviceCertificate> changeStatus(
            String deviceId,
            Set<String> orgIds,
            Set<CertificateStatus> from,
            CertificateStatus to,
            Instant at,
            Optional<String> reason);

    /** The held and revoked certificates of the CA {@code caAlias} that have not expired at {@code now}. */
    List<DeviceCertificate> revoked(String caAlias, Instant now);
}
