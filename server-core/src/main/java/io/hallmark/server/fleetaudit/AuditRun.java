package io.hallmark.server.fleetaudit;

import java.time.Instant;

/**
 * What one fleet-audit run of one organization did.
 *
 * @param at the run's time: the first-seen and last-seen time of what it saw
 * @param devices how many devices it audited (enrolled, active or quarantined)
 * @param seen how many findings it saw, suppressed ones included
 * @param opened how many of them were new
 * @param suppressed how many of them a suppression covers
 * @param resolved how many earlier findings it no longer saw
 */
public record AuditRun(String orgId, Instant at, long devices, long seen, long opened, long suppressed, long resolved) {
    /** The run in one line, for its audit entry. */
    public String summary() {
        return devices + " devices audited, " + seen + " findings (" + opened + " new, " + suppressed + " suppressed), "
                + resolved + " resolved";
    }
}
