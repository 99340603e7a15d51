package io.hallmark.store.jdbc;

import io.hallmark.server.vuln.Advisory;
import io.hallmark.server.vuln.VexStatement;
import io.hallmark.server.vuln.VulnStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Advisories and VEX statements in {@code vuln_advisories} and {@code vuln_vex}. */
final class JdbcVulnStore implements VulnStore {
    private final Sql sql;

    JdbcVulnStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void putAdvisories(String orgId, List<Advisory> advisories, Instant importedAt) {
        List<Object[]> keys = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (Advisory a : advisories) {
            keys.add(new Object[] {orgId, a.id()});
            rows.add(new Object[] {orgId, a.id(), a.modified(), a.exploited(), a.json(), Sql.millis(importedAt)});
        }
        // replace: portable on H2 and PostgreSQL without MERGE or ON CONFLICT
        sql.batch("DELETE FROM vuln_advisories WHERE org_id = ? AND id = ?", keys);
        sql.batch(
                "INSERT INTO vuln_advisories (org_id, id, modified, exploited, document, imported_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                rows);
    }

    @Override
    public List<String> advisoryDocuments(String orgId) {
        return sql.query(
                "SELECT document FROM vuln_advisories WHERE org_id = ? ORDER BY id",
                rs -> rs.getString("document"),
                orgId);
    }

    @Override
    public long countAdvisories(String orgId) {
        return sql.queryOne("SELECT COUNT(*) AS n FROM vuln_advisories WHERE org_id = ?", rs -> rs.getLong("n"), orgId)
                .orElse(0L);
    }

    @Override
    public void putVex(String orgId, List<VexStatement> statements, Instant importedAt) {
        List<Object[]> keys = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (VexStatement v : statements) {
            keys.add(new Object[] {orgId, v.vulnerability(), v.productName(), v.productVersion()});
            rows.add(new Object[] {
                orgId,
                v.vulnerability(),
                v.productName(),
                v.productVersion(),
                v.productId(),
                v.fullName(),
                Sql.text(v.purl()),
                v.status().name(),
                Sql.millis(importedAt)
            });
        }
        sql.batch(
                "DELETE FROM vuln_vex WHERE org_id = ? AND vulnerability = ? AND product_name = ?"
                        + " AND product_version = ?",
                keys);
        sql.batch(
                "INSERT INTO vuln_vex (org_id, vulnerability, product_name, product_version, product_id, full_name,"
                        + " purl, status, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
    }

    @Override
    public List<VexStatement> vex(String orgId) {
        return sql.query(
                "SELECT vulnerability, product_name, product_version, product_id, full_name, purl, status"
                        + " FROM vuln_vex WHERE org_id = ? ORDER BY vulnerability, product_name, product_version",
                rs -> new VexStatement(
                        rs.getString("vulnerability"),
                        rs.getString("product_id"),
                        rs.getString("full_name"),
                        rs.getString("product_name"),
                        rs.getString("product_version"),
                        Optional.ofNullable(rs.getString("purl")),
                        VexStatement.Status.valueOf(rs.getString("status"))),
                orgId);
    }
}
