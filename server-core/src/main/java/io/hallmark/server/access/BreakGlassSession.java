package io.hallmark.server.access;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * Emergency admin rights a security officer took for a bounded time, with the reason given and, later, a review.
 *
 * @param id {@code bg_...}; every audit entry written under the session carries it
 * @param endedAt when the session was ended early, or found expired by the sweeper
 * @param reviewedBy the user who reviewed the session afterwards
 */
public record BreakGlassSession(
        String id,
        String userId,
        String orgId,
        String reason,
        Instant startedAt,
        Instant expiresAt,
        Optional<Instant> endedAt,
        Optional<String> reviewedBy,
        Optional<Instant> reviewedAt,
        Optional<String> reviewNote) {
    /** Checks the fields. */
    public BreakGlassSession {
        Checks.notBlank(id, "id");
        Checks.notBlank(userId, "userId");
        Checks.notBlank(orgId, "orgId");
        Checks.notBlank(reason, "reason");
        Checks.notNull(startedAt, "startedAt");
        Checks.notNull(expiresAt, "expiresAt");
        Checks.notNull(endedAt, "endedAt");
        Checks.notNull(reviewedBy, "reviewedBy");
        Checks.notNull(reviewedAt, "reviewedAt");
        Checks.notNull(reviewNote, "reviewNote");
    }

    /** Whether the session grants rights at {@code now}. */
    public boolean isActive(Instant now) {
        return endedAt.isEmpty() && now.isBefore(expiresAt);
    }

    /** This session, ended at {@code at}. */
    public BreakGlassSession withEnd(Instant at) {
        return new BreakGlassSession(
                id, userId, orgId, reason, startedAt, expiresAt, Optional.of(at), reviewedBy, reviewedAt, reviewNote);
    }

    /** This session, reviewed by {@code reviewer} at {@code at} with {@code note}. */
    public BreakGlassSession withReview(String reviewer, Instant at, String note) {
        return new BreakGlassSession(
                id,
                userId,
                orgId,
                reason,
                startedAt,
                expiresAt,
                endedAt,
                Optional.of(reviewer),
                Optional.of(at),
                Optional.of(note));
    }
}
