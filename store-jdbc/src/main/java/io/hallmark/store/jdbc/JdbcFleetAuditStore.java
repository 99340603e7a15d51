package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.server.fleetaudit.FindingFilter;
import io.hallmark.server.fleetaudit.FindingSeverity;
import io.hallmark.server.fleetaudit.FindingState;
import io.hallmark.server.fleetaudit.FleetAuditStore;
import io.hallmark.server.fleetaudit.FleetFinding;
import io.hallmark.server.fleetaudit.MitigationPolicy;
import io.hallmark.server.fleetaudit.Resource;
import io.hallmark.server.fleetaudit.Suppression;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Fleet-audit findings and suppressions in {@code fleet_audit_findings} and {@code fleet_audit_suppressions}. */
final class JdbcFleetAuditStore implements FleetAuditStore {
    private static final String FINDING = "SELECT id, org_id, check_id, severity, resource_type, resource_id,"
            + " resource_name, expected, actual, state, first_seen, last_seen, resolved_at FROM fleet_audit_findings";
    private static final String SUPPRESSION = "SELECT id, org_id, check_id, resource_id, reason, expires_at,"
            + " created_by, created_at FROM fleet_audit_suppressions";
    private static final int CHUNK = 500;

    private final Sql sql;

    JdbcFleetAuditStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public List<FleetFinding> unresolved(String orgId, Collection<String> resourceIds) {
        List<FleetFinding> found = new ArrayList<>();
        List<String> ids = List.copyOf(resourceIds);
        // in chunks, so the statement stays small on both databases
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            Object[] params = new Object[chunk.size() + 2];
            params[0] = orgId;
            params[1] = FindingState.RESOLVED.name();
            for (int i = 0; i < chunk.size(); i++) {
                params[2 + i] = chunk.get(i);
            }
            found.addAll(sql.query(
                    FINDING + " WHERE org_id = ? AND state <> ? AND resource_id IN (" + "?,".repeat(chunk.size() - 1)
                            + "?)",
                    JdbcFleetAuditStore::finding,
                    params));
        }
        return found;
    }

    @Override
    public void insertAll(List<FleetFinding> findings, String runId) {
        List<Object[]> rows = new ArrayList<>(findings.size());
        for (FleetFinding f : findings) {
            rows.add(new Object[] {
                f.id(),
                f.orgId(),
                f.checkId(),
                f.severity().name(),
                f.resource().type(),
                f.resource().id(),
                f.resource().name(),
                f.expected(),
                f.actual(),
                f.state().name(),
                Sql.millis(f.firstSeen()),
                Sql.millis(f.lastSeen()),
                Sql.millis(f.resolvedAt()),
                runId
            });
        }
        sql.batch(
                "INSERT INTO fleet_audit_findings (id, org_id, check_id, severity, resource_type, resource_id,"
                        + " resource_name, expected, actual, state, first_seen, last_seen, resolved_at, run_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
    }

    @Override
    public void updateAll(List<FleetFinding> findings, String runId) {
        List<Object[]> rows = new ArrayList<>(findings.size());
        for (FleetFinding f : findings) {
            rows.add(new Object[] {
                f.severity().name(),
                f.resource().name(),
                f.expected(),
                f.actual(),
                f.state().name(),
                Sql.millis(f.lastSeen()),
                Sql.millis(f.resolvedAt()),
                runId,
                f.id()
            });
        }
        sql.batch(
                "UPDATE fleet_audit_findings SET severity = ?, resource_name = ?, expected = ?, actual = ?, state = ?,"
                        + " last_seen = ?, resolved_at = ?, run_id = ? WHERE id = ?",
                rows);
    }

    @Override
    public int resolveUnseen(String orgId, String runId, Instant at) {
        return sql.update(
                "UPDATE fleet_audit_findings SET state = ?, resolved_at = ?"
                        + " WHERE org_id = ? AND state <> ? AND run_id <> ?",
                FindingState.RESOLVED.name(),
                Sql.millis(at),
                orgId,
                FindingState.RESOLVED.name(),
                runId);
    }

    @Override
    public int suppressOpen(String orgId, String checkId, Optional<String> resourceId) {
        if (resourceId.isPresent()) {
            return sql.update(
                    "UPDATE fleet_audit_findings SET state = ? WHERE org_id = ? AND check_id = ? AND state = ?"
                            + " AND resource_id = ?",
                    FindingState.SUPPRESSED.name(),
                    orgId,
                    checkId,
                    FindingState.OPEN.name(),
                    resourceId.get());
        }
        return sql.update(
                "UPDATE fleet_audit_findings SET state = ? WHERE org_id = ? AND check_id = ? AND state = ?",
                FindingState.SUPPRESSED.name(),
                orgId,
                checkId,
                FindingState.OPEN.name());
    }

    @Override
    public Optional<FleetFinding> find(String id) {
        return sql.queryOne(FINDING + " WHERE id = ?", JdbcFleetAuditStore::finding, id);
    }

    @Override
    public Page<FleetFinding> list(String orgId, FindingFilter filter, PageRequest page) {
        Checks.notNull(filter, "filter");
        StringBuilder where = new StringBuilder(" WHERE org_id = ?");
        List<Object> params = new ArrayList<>(List.of(orgId));
        filter.checkId().ifPresent(c -> {
            where.append(" AND check_id = ?");
            params.add(c);
        });
        filter.severity().ifPresent(s -> {
            where.append(" AND severity = ?");
            params.add(s.name());
        });
        filter.state().ifPresent(s -> {
            where.append(" AND state = ?");
            params.add(s.name());
        });
        page.after().ifPresent(cursor -> {
            where.append(" AND n < (SELECT c.n FROM fleet_audit_findings c WHERE c.id = ?)");
            params.add(cursor);
        });
        params.add(page.limit() + 1);
        List<FleetFinding> rows = sql.query(
                FINDING + where + " ORDER BY n DESC FETCH FIRST ? ROWS ONLY",
                JdbcFleetAuditStore::finding,
                params.toArray());
        return Page.of(rows, page.limit(), FleetFinding::id);
    }

    @Override
    public void insertSuppression(Suppression x) {
        Checks.notNull(x, "suppression");
        sql.insert(
                "a suppression with this id already exists",
                "INSERT INTO fleet_audit_suppressions (id, org_id, check_id, resource_id, reason, expires_at,"
                        + " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                x.id(),
                x.orgId(),
                x.checkId(),
                Sql.text(x.resourceId()),
                x.reason(),
                Sql.millis(x.expiresAt()),
                x.createdBy(),
                Sql.millis(x.createdAt()));
    }

    @Override
    public Optional<MitigationPolicy> mitigationPolicy(String orgId) {
        return sql.queryOne(
                "SELECT rules, updated_by, updated_at FROM fleet_audit_mitigations WHERE org_id = ?",
                rs -> new MitigationPolicy(
                        MitigationPolicy.decode(rs.getString("rules")),
                        Optional.of(rs.getString("updated_by")),
                        Optional.of(Sql.instant(rs, "updated_at"))),
                orgId);
    }

    @Override
    public void putMitigationPolicy(String orgId, MitigationPolicy policy) {
        String by = policy.updatedBy().orElseThrow();
        Object at = Sql.millis(policy.updatedAt().orElseThrow());
        if (sql.update(
                        "UPDATE fleet_audit_mitigations SET rules = ?, updated_by = ?, updated_at = ? WHERE org_id = ?",
                        policy.encode(),
                        by,
                        at,
                        orgId)
                == 0) {
            sql.insert(
                    "the mitigation policy of " + orgId + " changed meanwhile; try again",
                    "INSERT INTO fleet_audit_mitigations (org_id, rules, updated_by, updated_at) VALUES (?, ?, ?, ?)",
                    orgId,
                    policy.encode(),
                    by,
                    at);
        }
    }

    @Override
    public List<Suppression> suppressions(String orgId) {
        return sql.query(SUPPRESSION + " WHERE org_id = ? ORDER BY n DESC", JdbcFleetAuditStore::suppression, orgId);
    }

    private static FleetFinding finding(ResultSet rs) throws SQLException {
        return new FleetFinding(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("check_id"),
                FindingSeverity.valueOf(rs.getString("severity")),
                new Resource(rs.getString("resource_type"), rs.getString("resource_id"), rs.getString("resource_name")),
                rs.getString("expected"),
                rs.getString("actual"),
                Sql.instant(rs, "first_seen"),
                Sql.instant(rs, "last_seen"),
                FindingState.valueOf(rs.getString("state")),
                Sql.optionalInstant(rs, "resolved_at"));
    }

    private static Suppression suppression(ResultSet rs) throws SQLException {
        return new Suppression(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("check_id"),
                Sql.optionalText(rs, "resource_id"),
                rs.getString("reason"),
                Sql.instant(rs, "expires_at"),
                rs.getString("created_by"),
                Sql.instant(rs, "created_at"));
    }
}
