package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.server.access.BreakGlassSession;
import io.hallmark.server.access.BreakGlassStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Break-glass sessions in table {@code break_glass_sessions}. A session is active while not ended and
 * {@code now < expires_at}, as {@link BreakGlassSession#isActive} decides.
 */
final class JdbcBreakGlassStore implements BreakGlassStore {
    private static final String SELECT = "SELECT id, user_id, org_id, reason, started_at, expires_at, ended_at,"
            + " reviewed_by, reviewed_at, review_note FROM break_glass_sessions";
    private static final String NEWEST_FIRST = " ORDER BY started_at DESC, id DESC";

    private final Sql sql;

    JdbcBreakGlassStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(BreakGlassSession s) {
        Checks.notNull(s, "session");
        sql.insert(
                "break-glass session already exists",
                "INSERT INTO break_glass_sessions (id, user_id, org_id, reason, started_at, expires_at, ended_at,"
                        + " reviewed_by, reviewed_at, review_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.id(),
                s.userId(),
                s.orgId(),
                s.reason(),
                Sql.millis(s.startedAt()),
                Sql.millis(s.expiresAt()),
                Sql.millis(s.endedAt()),
                Sql.text(s.reviewedBy()),
                Sql.millis(s.reviewedAt()),
                Sql.text(s.reviewNote()));
    }

    @Override
    public void update(BreakGlassSession s) {
        Checks.notNull(s, "session");
        int changed = sql.update(
                "UPDATE break_glass_sessions SET ended_at = ?, reviewed_by = ?, reviewed_at = ?, review_note = ?"
                        + " WHERE id = ?",
                Sql.millis(s.endedAt()),
                Sql.text(s.reviewedBy()),
                Sql.millis(s.reviewedAt()),
                Sql.text(s.reviewNote()),
                s.id());
        Checks.checkState(changed == 1, "session", s.id(), "an existing break-glass session");
    }

    @Override
    public Optional<BreakGlassSession> findById(String id) {
        return sql.queryOne(SELECT + " WHERE id = ?", JdbcBreakGlassStore::map, id);
    }

    @Override
    public List<BreakGlassSession> findActive(String userId, Instant now) {
        return sql.query(
                SELECT + " WHERE user_id = ? AND ended_at IS NULL AND expires_at > ?" + NEWEST_FIRST,
                JdbcBreakGlassStore::map,
                userId,
                Sql.millis(now));
    }

    @Override
    public List<BreakGlassSession> findExpiredUnended(Instant now) {
        return sql.query(
                SELECT + " WHERE ended_at IS NULL AND expires_at <= ? ORDER BY expires_at, id",
                JdbcBreakGlassStore::map,
                Sql.millis(now));
    }

    @Override
    public List<BreakGlassSession> list(Optional<String> orgId, int limit) {
        Checks.inRange(limit, 1, Integer.MAX_VALUE, "limit");
        return orgId.isPresent()
                ? sql.query(
                        SELECT + " WHERE org_id = ?" + NEWEST_FIRST + " FETCH FIRST ? ROWS ONLY",
                        JdbcBreakGlassStore::map,
                        orgId.get(),
                        limit)
                : sql.query(SELECT + NEWEST_FIRST + " FETCH FIRST ? ROWS ONLY", JdbcBreakGlassStore::map, limit);
    }

    private static BreakGlassSession map(ResultSet rs) throws SQLException {
        return new BreakGlassSession(
                rs.getString("id"),
                rs.getString("user_id"),
                rs.getString("org_id"),
                rs.getString("reason"),
                Sql.instant(rs, "started_at"),
                Sql.instant(rs, "expires_at"),
                Sql.optionalInstant(rs, "ended_at"),
                Sql.optionalText(rs, "reviewed_by"),
                Sql.optionalInstant(rs, "reviewed_at"),
                Sql.optionalText(rs, "review_note"));
    }
}
