package io.hallmark.store.jdbc;

import io.hallmark.server.cra.CraCase;
import io.hallmark.server.cra.CraFacts;
import io.hallmark.server.cra.CraKind;
import io.hallmark.server.cra.CraReminder;
import io.hallmark.server.cra.CraStage;
import io.hallmark.server.cra.CraStore;
import io.hallmark.server.cra.CraSubmission;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * CRA cases in {@code cra_cases}, {@code cra_submissions} and {@code cra_reminders}; reads rollouts and behaviour
 * incidents (read only) for the reports.
 */
final class JdbcCraStore implements CraStore {
    private static final String CASE = "SELECT id, org_id, kind, subject, summary, aware_at, fix_available_at, is_open,"
            + " opened_by, opened_at, closed_at, close_note FROM cra_cases";

    private final Sql sql;

    JdbcCraStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(CraCase c) {
        sql.insert(
                "a case with this id already exists",
                "INSERT INTO cra_cases (id, org_id, kind, subject, summary, aware_at, fix_available_at, is_open,"
                        + " opened_by, opened_at, closed_at, close_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.id(),
                c.orgId(),
                c.kind().name(),
                c.subject(),
                c.summary(),
                Sql.millis(c.awareAt()),
                Sql.millis(c.fixAvailableAt()),
                c.open(),
                c.openedBy(),
                Sql.millis(c.openedAt()),
                Sql.millis(c.closedAt()),
                Sql.text(c.closeNote()));
    }

    @Override
    public Optional<CraCase> find(String id) {
        return sql.queryOne(CASE + " WHERE id = ?", JdbcCraStore::row, id);
    }

    @Override
    public Page<CraCase> list(String orgId, PageRequest page) {
        List<Object> params = new ArrayList<>(List.of(orgId));
        String where = " WHERE org_id = ?";
        if (page.after().isPresent()) {
            where += " AND n < (SELECT c.n FROM cra_cases c WHERE c.id = ?)";
            params.add(page.after().get());
        }
        params.add(page.limit() + 1);
        return Page.of(
                sql.query(
                        CASE + where + " ORDER BY n DESC FETCH FIRST ? ROWS ONLY", JdbcCraStore::row, params.toArray()),
                page.limit(),
                CraCase::id);
    }

    @Override
    public boolean close(CraCase closed) {
        return sql.update(
                        "UPDATE cra_cases SET is_open = ?, closed_at = ?, close_note = ? WHERE id = ? AND is_open = ?",
                        false,
                        Sql.millis(closed.closedAt()),
                        Sql.text(closed.closeNote()),
                        closed.id(),
                        true)
                == 1;
    }

    @Override
    public boolean setFix(String id, java.time.Instant fixAvailableAt) {
        return sql.update(
                        "UPDATE cra_cases SET fix_available_at = ? WHERE id = ? AND is_open = ?",
                        Sql.millis(fixAvailableAt),
                        id,
                        true)
                == 1;
    }

    @Override
    public void insertSubmission(CraSubmission s) {
        sql.insert(
                "this report was already submitted",
                "INSERT INTO cra_submissions (case_id, stage, submitted_at, submitted_by, report)"
                        + " VALUES (?, ?, ?, ?, ?)",
                s.caseId(),
                s.stage().name(),
                Sql.millis(s.submittedAt()),
                s.submittedBy(),
                s.report());
    }

    @Override
    public List<CraSubmission> submissions(String caseId) {
        List<CraSubmission> out = new ArrayList<>(sql.query(
                "SELECT case_id, stage, submitted_at, submitted_by, report FROM cra_submissions WHERE case_id = ?",
                rs -> new CraSubmission(
                        rs.getString("case_id"),
                        CraStage.valueOf(rs.getString("stage")),
                        Sql.instant(rs, "submitted_at"),
                        rs.getString("submitted_by"),
                        rs.getString("report")),
                caseId));
        out.sort(Comparator.comparing(CraSubmission::stage));
        return Collections.unmodifiableList(out);
    }

    @Override
    public boolean insertReminder(CraReminder r) {
        try {
            sql.insert(
                    "this reminder was already sent",
                    "INSERT INTO cra_reminders (case_id, stage, threshold, sent_at) VALUES (?, ?, ?, ?)",
                    r.caseId(),
                    r.stage().name(),
                    r.threshold(),
                    Sql.millis(r.at()));
            return true;
        } catch (ConflictException e) {
            return false;
        }
    }

    @Override
    public List<CraReminder> reminders(String caseId) {
        return sql.query(
                "SELECT case_id, stage, threshold, sent_at FROM cra_reminders WHERE case_id = ?"
                        + " ORDER BY sent_at, stage, threshold",
                rs -> new CraReminder(
                        rs.getString("case_id"),
                        CraStage.valueOf(rs.getString("stage")),
                        rs.getInt("threshold"),
                        Sql.instant(rs, "sent_at")),
                caseId);
    }

    @Override
    public List<CraCase> open(int limit) {
        return sql.query(
                CASE + " WHERE is_open = ? ORDER BY n FETCH FIRST ? ROWS ONLY", JdbcCraStore::row, true, limit);
    }

    @Override
    public List<CraFacts.Rollout> rollouts(String orgId, List<String> releaseIds) {
        if (releaseIds.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(releaseIds);
        params.add(orgId);
        return sql.query(
                "SELECT id, release_id, state, total, installed, failed FROM rollouts WHERE release_id IN ("
                        + String.join(", ", Collections.nCopies(releaseIds.size(), "?"))
                        + ") AND org_id = ? ORDER BY created_at DESC, id",
                rs -> new CraFacts.Rollout(
                        rs.getString("id"),
                        rs.getString("release_id"),
                        rs.getString("state"),
                        rs.getLong("total"),
                        rs.getLong("installed"),
                        rs.getLong("failed")),
                params.toArray());
    }

    @Override
    public Optional<CraFacts.Incident> incident(String id) {
        // the counts as the behaviour store counts them: from the alerts, when read
        List<CraFacts.ProductCount> products = sql.query(
                "SELECT COALESCE(p.model, 'unknown') AS model, COUNT(DISTINCT a.device_id) AS devices"
                        + " FROM behaviour_alerts a JOIN devices d ON d.id = a.device_id"
                        + " LEFT JOIN products p ON p.id = d.product_id WHERE a.incident_id = ?"
                        + " GROUP BY COALESCE(p.model, 'unknown') ORDER BY model",
                rs -> new CraFacts.ProductCount(rs.getString("model"), rs.getLong("devices")),
                id);
        return sql.queryOne(
                "SELECT i.id, i.org_id, i.kind, i.subject, i.severity, i.state, i.opened_at,"
                        + " (SELECT COUNT(*) FROM behaviour_alerts a WHERE a.incident_id = i.id) AS alerts,"
                        + " (SELECT COUNT(DISTINCT a.device_id) FROM behaviour_alerts a WHERE a.incident_id = i.id)"
                        + " AS devices FROM behaviour_incidents i WHERE i.id = ?",
                rs -> new CraFacts.Incident(
                        rs.getString("id"),
                        rs.getString("org_id"),
                        rs.getString("kind"),
                        rs.getString("subject"),
                        rs.getString("severity"),
                        rs.getString("state"),
                        Sql.instant(rs, "opened_at"),
                        rs.getLong("alerts"),
                        rs.getLong("devices"),
                        products),
                id);
    }

    private static CraCase row(ResultSet rs) throws SQLException {
        return new CraCase(
                rs.getString("id"),
                rs.getString("org_id"),
                CraKind.valueOf(rs.getString("kind")),
                rs.getString("subject"),
                rs.getString("summary"),
                Sql.instant(rs, "aware_at"),
                Sql.optionalInstant(rs, "fix_available_at"),
                rs.getBoolean("is_open"),
                rs.getString("opened_by"),
                Sql.instant(rs, "opened_at"),
                Sql.optionalInstant(rs, "closed_at"),
                Sql.optionalText(rs, "close_note"));
    }
}
