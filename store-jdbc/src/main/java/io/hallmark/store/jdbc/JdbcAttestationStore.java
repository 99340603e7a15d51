package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.core.Ids;
import io.hallmark.protocol.attestation.Tier;
import io.hallmark.server.attestation.AttestationPolicy;
import io.hallmark.server.attestation.AttestationRecord;
import io.hallmark.server.attestation.AttestationStore;
import io.hallmark.server.attestation.ReleaseReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Attestation results, policies and reference values in the {@code attestation_*} tables; devices' and products' production flags in
 * {@code devices.production} and {@code products.production}; releases' measurements read from {@code releases} (read-only).
 */
final class JdbcAttestationStore implements AttestationStore {
    private static final String COLUMNS = "r.id, r.device_id, r.org_id, r.status, r.appraised_at, r.ear";

    private final Sql sql;

    JdbcAttestationStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(AttestationRecord r) {
        sql.insert(
                "attestation result " + r.id() + " exists",
                "INSERT INTO attestation_results (id, device_id, org_id, status, appraised_at, ear)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                r.id(),
                r.deviceId(),
                r.orgId(),
                r.status().name(),
                Sql.millis(r.appraisedAt()),
                r.ear());
        if (sql.update(
                        "UPDATE attestation_latest SET org_id = ?, result_id = ?, status = ?, appraised_at = ?"
                                + " WHERE device_id = ?",
                        r.orgId(),
                        r.id(),
                        r.status().name(),
                        Sql.millis(r.appraisedAt()),
                        r.deviceId())
                == 0) {
            sql.insert(
                    "attestation of " + r.deviceId() + " changed meanwhile; try again",
                    "INSERT INTO attestation_latest (device_id, org_id, result_id, status, appraised_at)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    r.deviceId(),
                    r.orgId(),
                    r.id(),
                    r.status().name(),
                    Sql.millis(r.appraisedAt()));
        }
    }

    @Override
    public Optional<AttestationRecord> findLatest(String deviceId) {
        return sql.queryOne(
                "SELECT " + COLUMNS + " FROM attestation_latest l JOIN attestation_results r ON r.id = l.result_id"
                        + " WHERE l.device_id = ?",
                JdbcAttestationStore::record,
                deviceId);
    }

    @Override
    public List<AttestationRecord> history(String deviceId, int limit) {
        return sql.query(
                "SELECT " + COLUMNS + " FROM attestation_results r WHERE r.device_id = ? ORDER BY r.n DESC"
                        + " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                JdbcAttestationStore::record,
                deviceId);
    }

    @Override
    public List<AttestationRecord> latestFor(Collection<String> deviceIds) {
        List<String> ids = List.copyOf(deviceIds);
        Checks.check(ids.size() <= 500, "deviceIds", ids.size(), "at most 500");
        if (ids.isEmpty()) {
            return List.of();
        }
        return sql.query(
                "SELECT " + COLUMNS + " FROM attestation_latest l JOIN attestation_results r ON r.id = l.result_id"
                        + " WHERE l.device_id IN (" + "?,".repeat(ids.size() - 1) + "?)",
                JdbcAttestationStore::record,
                ids.toArray());
    }

    @Override
    public List<AttestationRecord> latestOf(String orgId) {
        return sql.query(
                "SELECT " + COLUMNS + " FROM attestation_latest l JOIN attestation_results r ON r.id = l.result_id"
                        + " WHERE l.org_id = ? ORDER BY l.device_id",
                JdbcAttestationStore::record,
                orgId);
    }

    @Override
    public List<AttestationRecord> latestOfProduct(String productId) {
        return sql.query(
                "SELECT " + COLUMNS + " FROM attestation_latest l JOIN attestation_results r ON r.id = l.result_id"
                        + " JOIN devices d ON d.id = l.device_id WHERE d.product_id = ? ORDER BY l.device_id",
                JdbcAttestationStore::record,
                productId);
    }

    @Override
    public Optional<AttestationPolicy> findPolicy(String orgId) {
        return sql.queryOne(
                "SELECT interval_seconds, quarantine_on_contraindicated FROM attestation_policies WHERE org_id = ?",
                rs -> new AttestationPolicy(
                        Duration.ofSeconds(rs.getLong("interval_seconds")),
                        rs.getBoolean("quarantine_on_contraindicated")),
                orgId);
    }

    @Override
    public void putPolicy(String orgId, AttestationPolicy policy) {
        long seconds = policy.interval().toSeconds();
        if (sql.update(
                        "UPDATE attestation_policies SET interval_seconds = ?, quarantine_on_contraindicated = ?"
                                + " WHERE org_id = ?",
                        seconds,
                        policy.quarantineOnContraindicated(),
                        orgId)
                == 0) {
            sql.update(
                    "INSERT INTO attestation_policies (org_id, interval_seconds, quarantine_on_contraindicated)"
                            + " VALUES (?, ?, ?)",
                    orgId,
                    seconds,
                    policy.quarantineOnContraindicated());
        }
    }

    @Override
    public Map<String, Set<String>> referenceValues(String productId) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String[] row : sql.query(
                "SELECT component, digest FROM attestation_references WHERE product_id = ? ORDER BY component, digest",
                rs -> new String[] {rs.getString("component"), rs.getString("digest")},
                productId)) {
            out.computeIfAbsent(row[0], k -> new TreeSet<>()).add(row[1]);
        }
        return out;
    }

    @Override
    public void putReferenceValues(String productId, Map<String, Set<String>> values) {
        sql.update("DELETE FROM attestation_references WHERE product_id = ?", productId);
        List<Object[]> rows = new ArrayList<>();
        values.forEach((component, digests) -> digests.forEach(d -> rows.add(new Object[] {productId, component, d})));
        if (!rows.isEmpty()) {
            sql.batch("INSERT INTO attestation_references (product_id, component, digest) VALUES (?, ?, ?)", rows);
        }
    }

    @Override
    public ReleaseReference.Candidates releases(String deviceId, String productId, String version) {
        Optional<ReleaseReference> installed = sql
                .query(
                        "SELECT r.id, r.version, r.state, r.measurements FROM rollout_devices d"
                                + " JOIN rollouts o ON o.id = d.rollout_id JOIN releases r ON r.id = o.release_id"
                                + " WHERE d.device_id = ? AND d.state = 'INSTALLED'"
                                + " ORDER BY d.updated_at DESC, o.created_at DESC FETCH FIRST 1 ROWS ONLY",
                        JdbcAttestationStore::release,
                        deviceId)
                .stream()
                .findFirst();
        Optional<ReleaseReference> versioned = version.isEmpty()
                ? Optional.empty()
                : sql.queryOne(
                        "SELECT r.id, r.version, r.state, r.measurements FROM releases r"
                                + " WHERE r.product_id = ? AND r.version = ?",
                        JdbcAttestationStore::release,
                        productId,
                        version);
        return new ReleaseReference.Candidates(installed, versioned);
    }

    @Override
    public boolean production(String id) {
        if (Ids.isId(id, "prd")) {
            return sql.queryOne("SELECT production FROM products WHERE id = ?", rs -> rs.getBoolean("production"), id)
                    .orElse(true);
        }
        return sql.queryOne(
                        "SELECT d.production AS device, p.production AS product FROM devices d"
                                + " LEFT JOIN products p ON p.id = d.product_id WHERE d.id = ?",
                        rs -> rs.getBoolean("device") && (rs.getObject("product") == null || rs.getBoolean("product")),
                        id)
                .orElse(true);
    }

    @Override
    public void setProduction(String id, boolean production) {
        String table = Ids.isId(id, "prd") ? "products" : "devices";
        sql.update("UPDATE " + table + " SET production = ? WHERE id = ?", production, id);
    }

    /** A release row: its measurements are one {@code name=hexdigest} per line. */
    private static ReleaseReference release(ResultSet rs) throws SQLException {
        Map<String, String> m = new TreeMap<>();
        String ms = rs.getString("measurements");
        if (ms != null && !ms.isEmpty()) {
            for (String line : ms.split("\n")) {
                int eq = line.lastIndexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return new ReleaseReference(
                rs.getString("id"), rs.getString("version"), "REVOKED".equals(rs.getString("state")), m);
    }

    private static AttestationRecord record(ResultSet rs) throws SQLException {
        return new AttestationRecord(
                rs.getString("id"),
                rs.getString("device_id"),
                rs.getString("org_id"),
                Tier.valueOf(rs.getString("status")),
                Sql.instant(rs, "appraised_at"),
                rs.getString("ear"));
    }
}
