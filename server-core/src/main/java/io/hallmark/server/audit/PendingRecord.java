package io.hallmark.server.audit;

import java.time.Instant;

/**
 * An audit record committed with its change but not chained yet (deferred sealing).
 *
 * @param id its place in the waiting list; chaining follows the order in which the sealer finds records
 * @param time when it was recorded, the time its entry will carry
 */
public record PendingRecord(long id, Instant time, AuditRecord record) {}
