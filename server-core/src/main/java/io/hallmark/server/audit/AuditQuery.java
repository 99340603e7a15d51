package io.hallmark.server.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * Filters for listing audit entries; every present filter must match.
 *
 * @param action matches the action exactly, or every action under it when it ends with {@code .*}
 */
public record AuditQuery(
        Optional<String> orgId,
        Optional<String> actor,
        Optional<String> action,
        Optional<Outcome> outcome,
        Optional<Severity> severity,
        Optional<Instant> since,
        Optional<Instant> until) {
    /** No filter. */
    public static AuditQuery all() {
        return new AuditQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
