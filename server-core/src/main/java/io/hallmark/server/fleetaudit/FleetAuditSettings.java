package io.hallmark.server.fleetaudit;

import io.hallmark.core.Checks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The limits the fleet-audit checks apply and how often the scheduled run comes; {@link #defaults()} documents the
 * defaults.
 *
 * @param interval how often every organization is audited (default 24 h)
 * @param certificateExpiringWithin a device certificate expiring within this is a finding (default 30 days)
 * @param certificateMaxAge a device certificate issued longer ago than this is a finding (default 365 days)
 * @param caExpiringWithin a CA certificate expiring within this is a finding (default 180 days)
 * @param maxAdmins more enabled admins than this in one organization is a finding (default 3)
 * @param maxTokenLifetime an API token living longer than this is a finding (default 90 days)
 * @param auditVerifiedWithin no successful audit verification within this is a finding (default 30 days)
 * @param telemetrySilentAfter an active device without a report for this long is a finding (default 24 h)
 * @param firmwareBehindAfter a device not on its product's latest security release this long after its publication
 *     is a finding (default 30 days, {@code fleet-audit.firmware-behind-days})
 * @param sharedWithin connections of one certificate from different addresses within this are a finding (default
 *     1 hour)
 * @param weakKeyBlocklist a directory of files in the format of Debian's openssl-blacklist ({@link WeakKeyBlocklist}),
 *     read when the service starts; RSA keys on them are findings (default none, {@code
 *     fleet-audit.weak-key-blocklist})
 */
public record FleetAuditSettings(
        Duration interval,
        Duration certificateExpiringWithin,
        Duration certificateMaxAge,
        Duration caExpiringWithin,
        int maxAdmins,
        Duration maxTokenLifetime,
        Duration auditVerifiedWithin,
        Duration telemetrySilentAfter,
        Duration firmwareBehindAfter,
        Duration sharedWithin,
        Optional<Path> weakKeyBlocklist) {
    /** Checks every value. */
    public FleetAuditSettings {
        positive(interval, "fleet-audit.interval");
        positive(certificateExpiringWithin, "certificateExpiringWithin");
        positive(certificateMaxAge, "certificateMaxAge");
        positive(caExpiringWithin, "caExpiringWithin");
        Checks.inRange(maxAdmins, 1, 1000, "fleet-audit.max-admins");
        positive(maxTokenLifetime, "maxTokenLifetime");
        positive(auditVerifiedWithin, "auditVerifiedWithin");
        positive(telemetrySilentAfter, "telemetrySilentAfter");
        positive(firmwareBehindAfter, "fleet-audit.firmware-behind-days");
        positive(sharedWithin, "sharedWithin");
        Checks.notNull(weakKeyBlocklist, "fleet-audit.weak-key-blocklist");
    }

    /** The defaults given above. */
    public static FleetAuditSettings defaults() {
        return new FleetAuditSettings(
                Duration.ofHours(24),
                Duration.ofDays(30),
                Duration.ofDays(365),
                Duration.ofDays(180),
                3,
                Duration.ofDays(90),
                Duration.ofDays(30),
                Duration.ofHours(24),
                Duration.ofDays(30),
                Duration.ofHours(1),
                Optional.empty());
    }

    /** These settings with another run interval. */
    public FleetAuditSettings withInterval(Duration every) {
        return new FleetAuditSettings(
                every,
                certificateExpiringWithin,
                certificateMaxAge,
                caExpiringWithin,
                maxAdmins,
                maxTokenLifetime,
                auditVerifiedWithin,
                telemetrySilentAfter,
                firmwareBehindAfter,
                sharedWithin,
                weakKeyBlocklist);
    }

    /** These settings with another admin limit. */
    public FleetAuditSettings withMaxAdmins(int max) {
        return new FleetAuditSettings(
                interval,
                certificateExpiringWithin,
                certificateMaxAge,
                caExpiringWithin,
                max,
                maxTokenLifetime,
                auditVerifiedWithin,
                telemetrySilentAfter,
                firmwareBehindAfter,
                sharedWithin,
                weakKeyBlocklist);
    }

    /** These settings with another grace period for security releases. */
    public FleetAuditSettings withFirmwareBehindAfter(Duration after) {
        return new FleetAuditSettings(
                interval,
                certificateExpiringWithin,
                certificateMaxAge,
                caExpiringWithin,
                maxAdmins,
                maxTokenLifetime,
                auditVerifiedWithin,
                telemetrySilentAfter,
                after,
                sharedWithin,
                weakKeyBlocklist);
    }

    /** These settings with a directory of known-weak RSA keys in the openssl-blacklist format. */
    public FleetAuditSettings withWeakKeyBlocklist(Optional<Path> directory) {
        return new FleetAuditSettings(
                interval,
                certificateExpiringWithin,
                certificateMaxAge,
                caExpiringWithin,
                maxAdmins,
                maxTokenLifetime,
                auditVerifiedWithin,
                telemetrySilentAfter,
                firmwareBehindAfter,
                sharedWithin,
                directory);
    }

    private static void positive(Duration d, String name) {
        Checks.notNull(d, name);
        Checks.check(!d.isNegative() && !d.isZero(), name, d, "> 0");
    }
}
