package io.hallmark.store.jdbc;

import io.hallmark.server.fleetstats.DayCount;
import io.hallmark.server.fleetstats.FleetHistoryStore;
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
}
