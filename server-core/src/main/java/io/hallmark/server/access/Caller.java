package io.hallmark.server.access;

import io.hallmark.core.Checks;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import java.util.Optional;

/**
 * The authenticated principal of one request and the request's id: what every service call receives, and what
 * every audit entry it writes names.
 */
public record Caller(Principal principal, String requestId) {
    /** Checks the fields. */
    public Caller {
        Checks.notNull(principal, "principal");
        Checks.notBlank(requestId, "requestId");
    }

    /** An audit record of an act by this caller in {@code orgId}; acts under break-glass are at least WARNING. */
    public AuditRecord record(
            String action, Optional<String> orgId, String target, Outcome outcome, String reason, Severity severity) {
        Severity s = principal.breakGlassId().isPresent() && severity == Severity.INFO ? Severity.WARNING : severity;
        return new AuditRecord(
                principal.userId(),
                orgId,
                action,
                Optional.ofNullable(target),
                outcome,
                Optional.ofNullable(reason),
                Optional.of(requestId),
                s,
                principal.breakGlassId());
    }

    /** A successful, routine act by this caller. */
    public AuditRecord success(String action, String orgId, String target) {
        return record(action, Optional.ofNullable(orgId), target, Outcome.SUCCESS, null, Severity.INFO);
    }
}
