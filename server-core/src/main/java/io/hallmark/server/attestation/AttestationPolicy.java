package io.hallmark.server.attestation;

import io.hallmark.core.Checks;
import java.time.Duration;

/**
 * An owner's attestation policy.
 *
 * @param interval how long a result counts: a device without a newer one is {@link Integrity#UNKNOWN}
 * @param quarantineOnContraindicated whether a contraindicated result quarantines the device at once
 */
public record AttestationPolicy(Duration interval, boolean quarantineOnContraindicated) {
    /** The shortest interval (one minute). */
    public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

    /** The longest interval (30 days). */
    public static final Duration MAX_INTERVAL = Duration.ofDays(30);

    /** The default: one hour, no automatic quarantine. */
    public static final AttestationPolicy DEFAULT = new AttestationPolicy(Duration.ofHours(1), false);

    /** Checks the interval's bounds. */
    public AttestationPolicy {
        Checks.notNull(interval, "interval");
        Checks.check(
                interval.compareTo(MIN_INTERVAL) >= 0 && interval.compareTo(MAX_INTERVAL) <= 0,
                "interval",
                interval,
                MIN_INTERVAL + ".." + MAX_INTERVAL);
    }
}
