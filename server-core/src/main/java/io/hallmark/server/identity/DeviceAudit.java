package io.hallmark.server.identity;

import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.AccessDeniedException;
import io.hallmark.server.errors.AuthenticationException;
import io.hallmark.server.persistence.Transactor;
import java.util.Optional;

/**
 * The audit entries of what devices ask on the device port (EST, BRSKI, the MASA): who acted is the device, or {@code
 * anonymous} when the request could not be tied to one; every refusal is written in its own transaction, then thrown.
 */
public final class DeviceAudit {
    private final Transactor tx;
    private final AuditLog audit;

    /** Creates the audit path over {@code tx} and {@code audit}. */
    public DeviceAudit(Transactor tx, AuditLog audit) {
        this.tx = tx;
        this.audit = audit;
    }

    /**
     * Audits a request no device could be found for, and returns the exception that says only what was expected.
     *
     * @param expected what the caller is told would authenticate, e.g. {@code the device's birth certificate}
     */
    public AuthenticationException unauthenticated(String action, String requestId, String why, String expected) {
        anonymous(action, requestId, Outcome.DENIED, why);
        return new AuthenticationException("authentication required: " + expected);
    }

    /** Audits a refused request of {@code device} and returns the exception that says why. */
    public AccessDeniedException deny(Device device, String action, String requestId, String why) {
        record(device, action, requestId, Outcome.DENIED, why);
        return new AccessDeniedException("not permitted: " + why);
    }

    /** Audits a request of {@code device} with {@code outcome}, in its own transaction. */
    public void record(Device device, String action, String requestId, Outcome outcome, String why) {
        tx.inTransaction(s -> {
            audit.record(s, entry(device, action, requestId, outcome, why));
            return null;
        });
    }

    void failure(String action, String requestId, String why) {
        anonymous(action, requestId, Outcome.FAILURE, why);
    }

    private void anonymous(String action, String requestId, Outcome outcome, String why) {
        tx.inTransaction(s -> {
            audit.record(
                    s,
                    new AuditRecord(
                            "anonymous",
                            Optional.empty(),
                            action,
                            Optional.empty(),
                            outcome,
                            Optional.of(why),
                            Optional.of(requestId),
                            Severity.WARNING,
                            Optional.empty()));
            return null;
        });
    }

    /** The audit record of a request of device {@code d}: the device is the actor, its controller the organization. */
    public static AuditRecord entry(Device d, String action, String requestId, Outcome outcome, String reason) {
        return new AuditRecord(
                d.id(),
                Optional.of(d.controller()),
                action,
                Optional.of(d.id()),
                outcome,
                Optional.ofNullable(reason),
                Optional.of(requestId),
                outcome == Outcome.SUCCESS ? Severity.INFO : Severity.WARNING,
                Optional.empty());
    }
}
