package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * What one fleet-audit run did.
 *
 * @param at the run's time, the last-seen time of every finding it saw
 * @param devices how many devices it audited (enrolled, active or quarantined)
 * @param seen how many findings it saw, suppressed ones included
 * @param opened how many of them were new
 * @param suppressed how many of them a suppression covers
 * @param resolved how many earlier findings it no longer saw
 */
public record FleetAuditRunView(
        String org, Instant at, long devices, long seen, long opened, long suppressed, long resolved) {}
