package io.hallmark.server.fleetaudit;

import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Persistence of fleet-audit findings and suppressions (a port). */
public interface FleetAuditStore {
    /** The open and suppressed findings of {@code orgId} about any of {@code resourceIds}. */
    List<FleetFinding> unresolved(String orgId, Collection<String> resourceIds);

    /** Stores new findings, seen by the run {@code runId}. */
    void insertAll(List<FleetFinding> findings, String runId);

    /** Replaces severity, evidence, last seen and state of stored findings (matched by id), seen by {@code runId}. */
    void updateAll(List<FleetFinding> findings, String runId);

    /** Resolves, as of {@code at}, the open and suppressed findings of {@code orgId} the run {@code runId} did not see. */
    int resolveUnseen(String orgId, String runId, Instant at);

    /** Marks the open findings of {@code orgId} of {@code checkId} (about {@code resourceId} only, when given) suppressed. */
    int suppressOpen(String orgId, String checkId, Optional<String> resourceId);

    /** The finding with {@code id}. */
    Optional<FleetFinding> find(String id);

    /** Findings of {@code orgId} matching {@code filter}, newest first. */
    Page<FleetFinding> list(String orgId, FindingFilter filter, PageRequest page);

    /** Stores a new suppression. */
    void insertSuppression(Suppression suppression);

    /** Every suppression of {@code orgId}, expired ones included, newest first. */
    List<Suppression> suppressions(String orgId);

    /** The mitigation policy of {@code orgId}, when one was set. */
    Optional<MitigationPolicy> mitigationPolicy(String orgId);

    /** Sets the mitigation policy of {@code orgId} (its updatedBy and updatedAt present). */
    void putMitigationPolicy(String orgId, MitigationPolicy policy);
}
