package io.hallmark.protocol.v1;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/devices/{device}}: a device, its certificates and its history. */
public record DeviceDetailView(DeviceView device, List<Certificate> certificates, List<Event> events) {
    /**
     * A certificate issued to the device.
     *
     * @param purpose idevid or ldevid
     * @param status good, held or revoked
     * @param reason the RFC 5280 reason when held or revoked
     * @param pem the certificate
     */
    public record Certificate(
            String serialNumber,
            String issuer,
            String purpose,
            Instant notBefore,
            Instant notAfter,
            String status,
            String reason,
            String sha256,
            String pem) {}

    /** One entry of the history. */
    public record Event(Instant at, String action, String from, String to, String actor, String reason) {}
}
