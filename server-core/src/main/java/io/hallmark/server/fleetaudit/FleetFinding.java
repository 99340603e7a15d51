package io.hallmark.server.fleetaudit;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored fleet-audit finding: one check about one resource of one organization, from the run that first saw it to
 * the run that no longer did. Its remediation is the check's ({@link AuditCheck#remediation()}).
 *
 * @param id {@code faf_...}
 * @param checkId the check's stable id
 * @param expected what the check wants, in words
 * @param actual what the latest run found, in words
 * @param firstSeen the run that first saw it
 * @param lastSeen the latest run that saw it
 * @param resolvedAt when a run no longer saw it
 */
public record FleetFinding(
        String id,
        String orgId,
        String checkId,
        FindingSeverity severity,
        Resource resource,
        String expected,
        String actual,
        Instant firstSeen,
        Instant lastSeen,
        FindingState state,
        Optional<Instant> resolvedAt) {
    /** Checks the fields. */
    public FleetFinding {
        Checks.notBlank(id, "id");
        Checks.notBlank(orgId, "orgId");
        Checks.notBlank(checkId, "checkId");
        Checks.notNull(severity, "severity");
        Checks.notNull(resource, "resource");
        Checks.notNull(expected, "expected");
        Checks.notNull(actual, "actual");
        Checks.notNull(firstSeen, "firstSeen");
        Checks.notNull(lastSeen, "lastSeen");
        Checks.notNull(state, "state");
        Checks.notNull(resolvedAt, "resolvedAt");
    }

    /** What to do about it: its check's remediation. */
    public String remediation() {
        return AuditCheck.byId(checkId).map(AuditCheck::remediation).orElse("");
    }

    /** This finding as seen again by the run at {@code at}, with the new evidence and state. */
    public FleetFinding seenAgain(Observation o, FindingState now, Instant at) {
        return new FleetFinding(
                id,
                orgId,
                checkId,
                o.check().severity(),
                o.resource(),
                o.expected(),
                o.actual(),
                firstSeen,
                at,
                now,
                Optional.empty());
    }
}
