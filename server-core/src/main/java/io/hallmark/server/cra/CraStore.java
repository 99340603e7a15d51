package io.hallmark.server.cra;

import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.util.List;
import java.util.Optional;

/**
 * Port: CRA cases, their submissions and reminders (tables {@code cra_*}), and the read-only facts reports are drafted
 * from (rollouts, behaviour incidents).
 */
public interface CraStore {
    /** Stores a new case. */
    void insert(CraCase c);

    /** The case with {@code id}. */
    Optional<CraCase> find(String id);

    /** Cases of {@code orgId}, newest first. */
    Page<CraCase> list(String orgId, PageRequest page);

    /** Stores the closing of an open case; false when it was no longer open. */
    boolean close(CraCase closed);

    /** Stores the fix time of an open case; false when it was no longer open. */
    boolean setFix(String id, java.time.Instant fixAvailableAt);

    /** Stores a submission; a second one of the same case and stage is a conflict. */
    void insertSubmission(CraSubmission s);

    /** The submissions of a case, in stage order. */
    List<CraSubmission> submissions(String caseId);

    /** Stores a reminder unless the same case, stage and threshold has one; answers whether it was stored. */
    boolean insertReminder(CraReminder r);

    /** The reminders of a case, oldest first. */
    List<CraReminder> reminders(String caseId);

    /** Open cases of all organizations, oldest first, at most {@code limit}. */
    List<CraCase> open(int limit);

    /** Rollouts of the releases {@code releaseIds} by organization {@code orgId}, newest first. */
    List<CraFacts.Rollout> rollouts(String orgId, List<String> releaseIds);

    /** The behaviour incident with {@code id}, with the products of its devices. */
    Optional<CraFacts.Incident> incident(String id);
}
