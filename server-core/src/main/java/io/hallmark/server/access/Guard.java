package io.hallmark.server.access;

import io.hallmark.core.Checks;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.AccessDeniedException;
import io.hallmark.server.errors.AuthenticationException;
import io.hallmark.server.persistence.Transactor;
import java.util.Optional;

/**
 * The one place that decides whether a caller may act, and that records every refusal in the audit log.
 *
 * <p>Services call {@link #check} with the permission and the organization the act touches before they change or
 * reveal anything. A refusal writes an {@code access.denied} entry in its own transaction (nothing else happened)
 * and throws {@link AccessDeniedException}.
 */
public final class Guard {
    private final Transactor tx;
    private final AuditLog audit;

    /** Creates the guard. */
    public Guard(Transactor tx, AuditLog audit) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
    }

    /**
     * Passes when {@code caller} holds {@code permission} for organization {@code targetOrgId}; otherwise audits
     * and throws.
     *
     * @param action the action attempted, recorded with the denial
     * @param target what the caller tried to act on
     */
    public void check(Caller caller, Permission permission, String targetOrgId, String action, String target) {
        if (!caller.principal().may(permission, targetOrgId)) {
            deny(
                    caller,
                    action,
                    targetOrgId,
                    target,
                    "missing permission " + permission.name().toLowerCase());
        }
    }

    /** Audits a refusal of {@code caller} and throws {@link AccessDeniedException}. */
    public void deny(Caller caller, String action, String orgId, String target, String reason) {
        AuditRecord r = caller.record(
                "access.denied",
                Optional.ofNullable(orgId),
                action + " " + target,
                Outcome.DENIED,
                reason,
                Severity.WARNING);
        tx.inTransaction(s -> {
            audit.record(s, r);
            return null;
        });
        throw new AccessDeniedException("not permitted: " + action);
    }

    /**
     * Audits a request refused for lack of valid credentials and throws {@link AuthenticationException}. The entry
     * records why; the caller is told only that authentication failed.
     */
    public AuthenticationException unauthenticated(String route, String why, String requestId) {
        AuditRecord r = new AuditRecord(
                "anonymous",
                Optional.empty(),
                "auth.denied",
                Optional.of(route),
                Outcome.DENIED,
                Optional.of(why),
                Optional.of(requestId),
                Severity.WARNING,
                Optional.empty());
        tx.inTransaction(s -> {
            audit.record(s, r);
            return null;
        });
        return new AuthenticationException("authentication required: a valid API token");
    }
}
