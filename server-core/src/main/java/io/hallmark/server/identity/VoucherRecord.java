package io.hallmark.server.identity;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A voucher this platform issued (as a manufacturer's MASA) or imported (as an owner).
 *
 * @param id {@code vch_...}
 * @param deviceId the device here it concerns
 * @param issuerOrg the manufacturer, when issued here
 * @param holderOrg the owner it is for, when that owner is here
 * @param pinnedSha256 hex SHA-256 of the pinned domain certificate
 * @param nonce base64 nonce of a nonce-bound voucher
 * @param jws the signed voucher
 */
public record VoucherRecord(
        String id,
        String serial,
        Optional<String> deviceId,
        Optional<String> issuerOrg,
        Optional<String> holderOrg,
        Kind kind,
        String pinnedSha256,
        Optional<String> nonce,
        Optional<Instant> expiresAt,
        Instant createdAt,
        String jws) {
    /** Where the voucher came from. */
    public enum Kind {
        /** Signed here by a manufacturer's MASA key. */
        ISSUED,
        /** Brought by an owner from another instance's manufacturer. */
        IMPORTED
    }

    /** Checks the fields. */
    public VoucherRecord {
        Checks.notBlank(id, "id");
        Checks.notBlank(serial, "serial");
        Checks.notNull(deviceId, "deviceId");
        Checks.notNull(issuerOrg, "issuerOrg");
        Checks.notNull(holderOrg, "holderOrg");
        Checks.notNull(kind, "kind");
        Checks.notBlank(pinnedSha256, "pinnedSha256");
        Checks.notNull(nonce, "nonce");
        Checks.notNull(expiresAt, "expiresAt");
        Checks.notNull(createdAt, "createdAt");
        Checks.notBlank(jws, "jws");
    }
}
