package io.hallmark.store.jdbc;

import io.hallmark.server.fleetstats.DayCount;
import io.hallmark.server.fleetstats.FleetHistoryStore;
import io.hallmark.server.fleetstats.ReasonCount;
import java.util.List;
import java.util.Locale;

/**
 * Per-day counts by one grouped query each, over the V23 indexes on (organization, time): integer division of the
 * epoch milliseconds by a day's milliseconds gives the UTC day on both H2 and PostgreSQL.
 */
final class JdbcFleetHistoryStore implements FleetHistoryStore {
    private static final long DAY_MS = 86_400_000L;

    private final Sql sql;

    JdbcFleetHistoryStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public List<DayCount> devicesAdded(String orgId, long sinceDay) {
        return sql.query(
                "SELECT created_at / " + DAY_MS + " AS d, COUNT(*) AS n FROM devices"
                        + " WHERE owner_id = ? AND created_at >= ? GROUP BY created_at / " + DAY_MS,
                rs -> new DayCount(rs.getLong("d"), "added", rs.getLong("n")),
                orgId,
                sinceDay * DAY_MS);
    }

    @Override
    public List<DayCount> attestations(String orgId, long sinceDay) {
        return sql.query(
                "SELECT appraised_at / " + DAY_MS + " AS d, status, COUNT(*) AS n FROM attestation_results"
                        + " WHERE org_id = ? AND appraised_at >= ? GROUP BY appraised_at / " + DAY_MS + ", status",
                rs -> new DayCount(rs.getLong("d"), rs.getString("status").toLowerCase(Locale.ROOT), rs.getLong("n")),
                orgId,
                sinceDay * DAY_MS);
    }

    @Override
    public List<DayCount> alertsOpened(String orgId, long sinceDay) {
        return sql.query(
                "SELECT first_seen / " + DAY_MS + " AS d, COUNT(*) AS n FROM behaviour_alerts"
                        + " WHERE org_id = ? AND first_seen >= ? GROUP BY first_seen / " + DAY_MS,
                rs -> new DayCount(rs.getLong("d"), "alerts", rs.getLong("n")),
                orgId,
                sinceDay * DAY_MS);
    }

    @Override
    public List<ReasonCount> rolloutFailures(String orgId, String rolloutId, int limit) {
        return sql.query(
                "SELECT d.state, d.reason, COUNT(*) AS n FROM rollout_devices d JOIN rollouts r ON r.id = d.rollout_id"
                        + " WHERE d.rollout_id = ? AND r.org_id = ? AND d.state IN ('FAILED', 'ROLLED_BACK')"
                        + " GROUP BY d.state, d.reason ORDER BY n DESC, d.state, d.reason FETCH FIRST ? ROWS ONLY",
                rs -> new ReasonCount(
                        rs.getString("state").toLowerCase(Locale.ROOT).replace('_', ' '),
                        rs.getString("reason") == null ? "(none given)" : rs.getString("reason"),
                        rs.getLong("n")),
                rolloutId,
                orgId,
                limit);
    }
}
