package io.hallmark.store.jdbc;

import io.hallmark.server.risk.RiskStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What risk scores are made of, read set-wise from {@code fleet_audit_findings}, {@code behaviour_alerts} and
 * {@code attestation_latest}: one grouped query per table for a page of devices.
 */
final class JdbcRiskStore implements RiskStore {
    private final Sql sql;

    JdbcRiskStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public List<Count> openFindings(String orgId, List<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(List.of(orgId, "OPEN", "device"));
        params.addAll(deviceIds);
        return sql.query(
                "SELECT resource_id, severity, COUNT(*) AS n FROM fleet_audit_findings"
                        + " WHERE org_id = ? AND state = ? AND resource_type = ? AND resource_id IN ("
                        + marks(deviceIds)
                        + ") GROUP BY resource_id, severity",
                rs -> new Count(rs.getString("resource_id"), rs.getString("severity"), rs.getLong("n")),
                params.toArray());
    }

    @Override
    public List<Count> openAlerts(List<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(List.of("RESOLVED"));
        params.addAll(deviceIds);
        return sql.query(
                "SELECT device_id, severity, COUNT(*) AS n FROM behaviour_alerts WHERE state <> ? AND device_id IN ("
                        + marks(deviceIds) + ") GROUP BY device_id, severity",
                rs -> new Count(rs.getString("device_id"), rs.getString("severity"), rs.getLong("n")),
                params.toArray());
    }

    @Override
    public List<Status> attestations(List<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return List.of();
        }
        return sql.query(
                "SELECT l.device_id, r.status FROM attestation_latest l JOIN attestation_results r ON r.id = l.result_id"
                        + " WHERE l.device_id IN (" + marks(deviceIds) + ")",
                rs -> new Status(rs.getString("device_id"), rs.getString("status")),
                deviceIds.toArray());
    }

    private static String marks(List<String> ids) {
        return String.join(", ", Collections.nCopies(ids.size(), "?"));
    }
}
