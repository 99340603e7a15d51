package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.server.behaviour.Alert;
import io.hallmark.server.behaviour.AlertState;
import io.hallmark.server.behaviour.AlertStore;
import io.hallmark.server.behaviour.Incident;
import io.hallmark.server.behaviour.detect.Finding;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Behaviour alerts and incidents in {@code behaviour_alerts} and {@code behaviour_incidents}, newest first by n. */
final class JdbcAlertStore implements AlertStore {
    private static final String ALERT = "SELECT id, org_id, device_id, serial, finding, severity, subject, expected,"
            + " actual, destination, state, first_seen, last_seen, seen, incident_id, triage_by, triage_at,"
            + " triage_note FROM behaviour_alerts";
    private static final String INCIDENT = "SELECT i.id, i.org_id, i.kind, i.subject, i.severity, i.state,"
            + " i.opened_at, i.updated_at, i.triage_by, i.triage_at, i.triage_note,"
            + " (SELECT COUNT(*) FROM behaviour_alerts a WHERE a.incident_id = i.id) AS alerts,"
            + " (SELECT COUNT(DISTINCT a.device_id) FROM behaviour_alerts a WHERE a.incident_id = i.id) AS devices"
            + " FROM behaviour_incidents i";

    private final Sql sql;

    JdbcAlertStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Alert a) {
        Checks.notNull(a, "alert");
        Finding f = a.finding();
        sql.insert(
                "an alert with this id already exists",
                "INSERT INTO behaviour_alerts (id, org_id, device_id, serial, finding, severity, subject, expected,"
                        + " actual, destination, state, first_seen, last_seen, seen, incident_id, triage_by,"
                        + " triage_at, triage_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.id(),
                a.orgId(),
                a.deviceId(),
                a.serial(),
                f.id(),
                f.severity().name(),
                f.subject(),
                f.expected(),
                f.actual(),
                f.destination(),
                a.state().name(),
                Sql.millis(a.firstSeen()),
                Sql.millis(a.lastSeen()),
                a.count(),
                a.incidentId(),
                Sql.text(a.triage().map(Alert.Triage::by)),
                Sql.millis(a.triage().map(Alert.Triage::at)),
                Sql.text(a.triage().map(Alert.Triage::note)));
    }

    @Override
    public void put(Incident i) {
        Checks.notNull(i, "incident");
        int changed = sql.update(
                "UPDATE behaviour_incidents SET severity = ?, state = ?, updated_at = ?,"
                        + " triage_by = ?, triage_at = ?, triage_note = ? WHERE id = ?",
                i.severity().name(),
                i.state().name(),
                Sql.millis(i.updated()),
                Sql.text(i.triage().map(Alert.Triage::by)),
                Sql.millis(i.triage().map(Alert.Triage::at)),
                Sql.text(i.triage().map(Alert.Triage::note)),
                i.id());
        if (changed == 0) {
            sql.insert(
                    "an incident with this id already exists",
                    "INSERT INTO behaviour_incidents (id, org_id, kind, subject, severity, state, opened_at,"
                            + " updated_at, triage_by, triage_at, triage_note)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    i.id(),
                    i.orgId(),
                    i.kind().name(),
                    i.subject(),
                    i.severity().name(),
                    i.state().name(),
                    Sql.millis(i.opened()),
                    Sql.millis(i.updated()),
                    Sql.text(i.triage().map(Alert.Triage::by)),
                    Sql.millis(i.triage().map(Alert.Triage::at)),
                    Sql.text(i.triage().map(Alert.Triage::note)));
        }
    }

    @Override
    public boolean update(Alert a, AlertState expected) {
        return sql.update(
                        "UPDATE behaviour_alerts SET state = ?, last_seen = ?, seen = ?,"
                                + " severity = ?, actual = ?, triage_by = ?, triage_at = ?, triage_note = ?"
                                + " WHERE id = ? AND state = ?",
                        a.state().name(),
                        Sql.millis(a.lastSeen()),
                        a.count(),
                        a.finding().severity().name(),
                        a.finding().actual(),
                        Sql.text(a.triage().map(Alert.Triage::by)),
                        Sql.millis(a.triage().map(Alert.Triage::at)),
                        Sql.text(a.triage().map(Alert.Triage::note)),
                        a.id(),
                        expected.name())
                == 1;
    }

    @Override
    public int regroup(String orgId, Collection<String> deviceIds, String to) {
        int moved = 0;
        List<String> ids = new ArrayList<>(deviceIds);
        // in chunks, so the statement stays small on both databases
        for (int from = 0; from < ids.size(); from += 100) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 100));
            Object[] params = new Object[chunk.size() + 3];
            params[0] = to;
            params[1] = orgId;
            params[2] = AlertState.RESOLVED.name();
            for (int i = 0; i < chunk.size(); i++) {
                params[3 + i] = chunk.get(i);
            }
            moved += sql.update(
                    "UPDATE behaviour_alerts SET incident_id = ? WHERE org_id = ? AND state <> ?"
                            + " AND device_id IN (" + "?,".repeat(chunk.size() - 1) + "?)",
                    params);
        }
        return moved;
    }

    @Override
    public Optional<Alert> findAlert(String id) {
        return sql.queryOne(ALERT + " WHERE id = ?", JdbcAlertStore::alert, id);
    }

    @Override
    public Optional<Incident> findIncident(String id) {
        return sql.queryOne(INCIDENT + " WHERE i.id = ?", JdbcAlertStore::incident, id);
    }

    @Override
    public Page<Alert> alerts(String orgId, Optional<AlertState> state, Optional<String> deviceId, PageRequest page) {
        StringBuilder where = new StringBuilder(" WHERE org_id = ?");
        List<Object> params = new ArrayList<>(List.of(orgId));
        state.ifPresent(s -> {
            where.append(" AND state = ?");
            params.add(s.name());
        });
        deviceId.ifPresent(d -> {
            where.append(" AND device_id = ?");
            params.add(d);
        });
        page.after().ifPresent(cursor -> {
            where.append(" AND n < (SELECT c.n FROM behaviour_alerts c WHERE c.id = ?)");
            params.add(cursor);
        });
        params.add(page.limit() + 1);
        List<Alert> rows = sql.query(
                ALERT + where + " ORDER BY n DESC FETCH FIRST ? ROWS ONLY", JdbcAlertStore::alert, params.toArray());
        return Page.of(rows, page.limit(), Alert::id);
    }

    @Override
    public Page<Incident> incidents(String orgId, Optional<AlertState> state, PageRequest page) {
        StringBuilder where = new StringBuilder(" WHERE i.org_id = ?");
        List<Object> params = new ArrayList<>(List.of(orgId));
        state.ifPresent(s -> {
            where.append(" AND i.state = ?");
            params.add(s.name());
        });
        page.after().ifPresent(cursor -> {
            where.append(" AND i.n < (SELECT c.n FROM behaviour_incidents c WHERE c.id = ?)");
            params.add(cursor);
        });
        params.add(page.limit() + 1);
        List<Incident> rows = sql.query(
                INCIDENT + where + " ORDER BY i.n DESC FETCH FIRST ? ROWS ONLY",
                JdbcAlertStore::incident,
                params.toArray());
        return Page.of(rows, page.limit(), Incident::id);
    }

    @Override
    public List<Alert> unresolvedAlerts(int limit) {
        return sql.query(
                ALERT + " WHERE state <> ? ORDER BY n FETCH FIRST ? ROWS ONLY",
                JdbcAlertStore::alert,
                AlertState.RESOLVED.name(),
                limit);
    }

    @Override
    public List<Incident> unresolvedIncidents(int limit) {
        return sql.query(
                INCIDENT + " WHERE i.state <> ? ORDER BY i.n FETCH FIRST ? ROWS ONLY",
                JdbcAlertStore::incident,
                AlertState.RESOLVED.name(),
                limit);
    }

    private static Optional<Alert.Triage> triage(ResultSet rs) throws SQLException {
        Optional<String> by = Sql.optionalText(rs, "triage_by");
        if (by.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Alert.Triage(
                by.get(),
                Sql.instant(rs, "triage_at"),
                Sql.optionalText(rs, "triage_note").orElse("")));
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        return new Alert(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("device_id"),
                rs.getString("serial"),
                new Finding(
                        rs.getString("finding"),
                        Finding.FindingSeverity.valueOf(rs.getString("severity")),
                        rs.getString("subject"),
                        rs.getString("expected"),
                        rs.getString("actual"),
                        rs.getString("destination")),
                AlertState.valueOf(rs.getString("state")),
                Sql.instant(rs, "first_seen"),
                Sql.instant(rs, "last_seen"),
                rs.getLong("seen"),
                rs.getString("incident_id"),
                triage(rs));
    }

    private static Incident incident(ResultSet rs) throws SQLException {
        return new Incident(
                rs.getString("id"),
                rs.getString("org_id"),
                Incident.Kind.valueOf(rs.getString("kind")),
                rs.getString("subject"),
                Finding.FindingSeverity.valueOf(rs.getString("severity")),
                AlertState.valueOf(rs.getString("state")),
                Sql.instant(rs, "opened_at"),
                Sql.instant(rs, "updated_at"),
                rs.getLong("alerts"),
                rs.getLong("devices"),
                triage(rs));
    }
}
