package io.hallmark.protocol.v1;

/**
 * An audit entry as listed. {@code time} is the hashed text form (ISO-8601 UTC, milliseconds).
 *
 * @param breakGlass the break-glass session the actor acted under, if any
 * @param hash the chain hash (hex SHA-256)
 */
public record AuditEntryView(
        long seq,
        String time,
        String actor,
        String org,
        String action,
        String target,
        String outcome,
        String reason,
        String requestId,
        String severity,
        String breakGlass,
        String hash) {}
