package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.server.behaviour.Alert;
import io.hallmark.server.behaviour.AlertSuppression;
import io.hallmark.server.behaviour.SuppressionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Suppressions of behaviour alerts in {@code alert_suppressions}. */
final class JdbcSuppressionStore implements SuppressionStore {
    private static final String SELECT = "SELECT id, org_id, kind, scope, target, reason, expires_at, created_by,"
            + " created_at, lifted_by, lifted_at, lift_note FROM alert_suppressions";

    private final Sql sql;

    JdbcSuppressionStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(AlertSuppression x) {
        Checks.notNull(x, "suppression");
        sql.insert(
                "a suppression with this id already exists",
                "INSERT INTO alert_suppressions (id, org_id, kind, scope, target, reason, expires_at, created_by,"
                        + " created_at, lifted_by, lifted_at, lift_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                x.id(),
                x.orgId(),
                x.kind(),
                x.scope().name(),
                x.target(),
                x.reason(),
                Sql.millis(x.expiresAt()),
                x.createdBy(),
                Sql.millis(x.createdAt()),
                Sql.text(x.lifted().map(Alert.Triage::by)),
                Sql.millis(x.lifted().map(Alert.Triage::at)),
                Sql.text(x.lifted().map(Alert.Triage::note)));
    }

    @Override
    public Optional<AlertSuppression> find(String id) {
        return sql.queryOne(SELECT + " WHERE id = ?", JdbcSuppressionStore::suppression, id);
    }

    @Override
    public boolean lift(String id, Alert.Triage lifted) {
        return sql.update(
                        "UPDATE alert_suppressions SET lifted_by = ?, lifted_at = ?, lift_note = ?"
                                + " WHERE id = ? AND lifted_at IS NULL",
                        lifted.by(),
                        Sql.millis(lifted.at()),
                        lifted.note(),
                        id)
                == 1;
    }

    @Override
    public List<AlertSuppression> list(String orgId, boolean all, Instant now, int limit) {
        if (all) {
            return sql.query(
                    SELECT + " WHERE org_id = ? ORDER BY n DESC FETCH FIRST ? ROWS ONLY",
                    JdbcSuppressionStore::suppression,
                    orgId,
                    limit);
        }
        return sql.query(
                SELECT + " WHERE org_id = ? AND lifted_at IS NULL AND expires_at > ? ORDER BY n DESC"
                        + " FETCH FIRST ? ROWS ONLY",
                JdbcSuppressionStore::suppression,
                orgId,
                Sql.millis(now),
                limit);
    }

    @Override
    public List<AlertSuppression> active(Instant now, int limit) {
        return sql.query(
                SELECT + " WHERE lifted_at IS NULL AND expires_at > ? ORDER BY n FETCH FIRST ? ROWS ONLY",
                JdbcSuppressionStore::suppression,
                Sql.millis(now),
                limit);
    }

    private static AlertSuppression suppression(ResultSet rs) throws SQLException {
        Optional<Instant> liftedAt = Sql.optionalInstant(rs, "lifted_at");
        Optional<Alert.Triage> lifted = liftedAt.isEmpty()
                ? Optional.empty()
                : Optional.of(new Alert.Triage(rs.getString("lifted_by"), liftedAt.get(), rs.getString("lift_note")));
        return new AlertSuppression(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("kind"),
                AlertSuppression.Scope.valueOf(rs.getString("scope")),
                rs.getString("target"),
                rs.getString("reason"),
                Sql.instant(rs, "expires_at"),
                rs.getString("created_by"),
                Sql.instant(rs, "created_at"),
                lifted);
    }
}
