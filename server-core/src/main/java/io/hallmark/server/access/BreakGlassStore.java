package io.hallmark.server.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of break-glass sessions (a port). */
public interface BreakGlassStore {
    /** Inserts a new session. */
    void insert(BreakGlassSession session);

    /** Replaces the mutable fields (end, review) of an existing session. */
    void update(BreakGlassSession session);

    /** The session with {@code id}. */
    Optional<BreakGlassSession> findById(String id);

    /** The user's sessions not ended and not expired at {@code now}. */
    List<BreakGlassSession> findActive(String userId, Instant now);

    /** Sessions that have expired by {@code now} but were not yet marked ended. */
    List<BreakGlassSession> findExpiredUnended(Instant now);

    /** Sessions of an organization (all organizations when empty), newest first, at most {@code limit}. */
    List<BreakGlassSession> list(Optional<String> orgId, int limit);
}
