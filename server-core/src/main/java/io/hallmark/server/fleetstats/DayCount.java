package io.hallmark.server.fleetstats;

import io.hallmark.core.Checks;

/**
 * A count of one series on one UTC day.
 *
 * @param day days since 1970-01-01 (UTC)
 * @param series what was counted: {@code added}, {@code alerts}, or an attestation status in lower case
 * @param count how many
 */
public record DayCount(long day, String series, long count) {
    /** Checks the fields. */
    public DayCount {
        Checks.notBlank(series, "series");
        Checks.check(count >= 0, "count", count, ">= 0");
    }
}
