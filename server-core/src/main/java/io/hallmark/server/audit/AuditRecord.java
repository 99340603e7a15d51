package io.hallmark.server.audit;

import io.hallmark.core.Checks;
import java.util.Optional;

/**
 * What happened, before it is placed in the chain: the caller fills this, {@link AuditLog} adds sequence, time and
 * hash.
 *
 * @param actor who acted: a user id, {@code anonymous}, or {@code system}
 * @param orgId the organization the act belongs to, if any
 * @param action a stable dotted name, e.g. {@code org.create}, {@code token.denied}
 * @param target what was acted on (an id or a route), if anything
 * @param reason why: the reason given, or why it was denied or failed
 * @param requestId the id of the request that caused it, if any
 * @param breakGlassId the break-glass session the actor acted under, if any
 */
public record AuditRecord(
        String actor,
        Optional<String> orgId,
        String action,
        Optional<String> target,
        Outcome outcome,
        Optional<String> reason,
        Optional<String> requestId,
        Severity severity,
        Optional<String> breakGlassId) {
    /** Checks the fields. */
    public AuditRecord {
        Checks.notBlank(actor, "actor");
        Checks.notNull(orgId, "orgId");
        Checks.notBlank(action, "action");
        Checks.notNull(target, "target");
        Checks.notNull(outcome, "outcome");
        Checks.notNull(reason, "reason");
        Checks.notNull(requestId, "requestId");
        Checks.notNull(severity, "severity");
        Checks.notNull(breakGlassId, "breakGlassId");
    }
}
