package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.server.identity.CertificateStatus;
import io.hallmark.server.identity.DeviceCertificate;
import io.hallmark.server.identity.DeviceCertificateStore;
import io.hallmark.server.pki.OrganizationCa;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Device certificates in {@code device_certificates}, keyed by issuing CA and hex serial number. */
final class JdbcDeviceCertificateStore implements DeviceCertificateStore {
    private static final String SELECT = "SELECT ca_alias, serial_hex, device_id, org_id, purpose, not_before,"
            + " not_after, status, status_at, reason, sha256, der FROM device_certificates";

    private final Sql sql;

    JdbcDeviceCertificateStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(DeviceCertificate c) {
        Checks.notNull(c, "certificate");
        sql.update(
                "INSERT INTO device_certificates (ca_alias, serial_hex, device_id, org_id, purpose, not_before,"
                        + " not_after, status, status_at, reason, sha256, der) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?)",
                c.caAlias(),
                c.serialHex(),
                c.deviceId(),
                c.orgId(),
                c.purpose().name(),
                Sql.millis(c.notBefore()),
                Sql.millis(c.notAfter()),
                c.status().name(),
                Sql.millis(c.statusChangedAt()),
                Sql.text(c.reason()),
                c.sha256(),
                c.der());
    }

    @Override
    public Optional<DeviceCertificate> find(String caAlias, BigInteger serialNumber) {
        return sql.queryOne(
                SELECT + " WHERE ca_alias = ? AND serial_hex = ?",
                JdbcDeviceCertificateStore::map,
                caAlias,
                serialNumber.toString(16));
    }

    @Override
    public Optional<DeviceCertificate> findBySha256(String sha256) {
        return sql.queryOne(SELECT + " WHERE sha256 = ?", JdbcDeviceCertificateStore::map, sha256);
    }

    @Override
    public List<DeviceCertificate> forDevice(String deviceId) {
        return sql.query(
                SELECT + " WHERE device_id = ? ORDER BY not_before, serial_hex",
                JdbcDeviceCertificateStore::map,
                deviceId);
    }

    @Override
    public List<DeviceCertificate> forDevices(Collection<String> deviceIds) {
        List<String> ids = List.copyOf(deviceIds);
        Checks.check(ids.size() <= 500, "deviceIds", ids.size(), "at most 500");
        if (ids.isEmpty()) {
            return List.of();
        }
        return sql.query(
                SELECT + " WHERE device_id IN (" + "?,".repeat(ids.size() - 1) + "?)",
                JdbcDeviceCertificateStore::map,
                ids.toArray());
    }

    @Override
    public List<DeviceCertificate> changeStatus(
            String deviceId,
            Set<String> orgIds,
            Set<CertificateStatus> from,
            CertificateStatus to,
            Instant at,
            Optional<String> reason) {
        List<DeviceCertificate> changed = new ArrayList<>();
        for (DeviceCertificate c : forDevice(deviceId)) {
            if (!orgIds.contains(c.orgId()) || !from.contains(c.status())) {
                continue;
            }
            sql.update(
                    "UPDATE device_certificates SET status = ?, status_at = ?, reason = ?"
                            + " WHERE ca_alias = ? AND serial_hex = ? AND status = ?",
                    to.name(),
                    Sql.millis(at),
                    Sql.text(reason),
                    c.caAlias(),
                    c.serialHex(),
                    c.status().name());
            changed.add(find(c.caAlias(), c.serialNumber()).orElseThrow());
        }
        return changed;
    }

    @Override
    public List<DeviceCertificate> revoked(String caAlias, Instant now) {
        return sql.query(
                SELECT + " WHERE ca_alias = ? AND status <> 'GOOD' AND not_after > ? ORDER BY serial_hex",
                JdbcDeviceCertificateStore::map,
                caAlias,
                Sql.millis(now));
    }

    private static DeviceCertificate map(ResultSet rs) throws SQLException {
        return new DeviceCertificate(
                rs.getString("ca_alias"),
                new BigInteger(rs.getString("serial_hex"), 16),
                rs.getString("device_id"),
                rs.getString("org_id"),
                OrganizationCa.Purpose.valueOf(rs.getString("purpose")),
                Sql.instant(rs, "not_before"),
                Sql.instant(rs, "not_after"),
                CertificateStatus.valueOf(rs.getString("status")),
                Sql.optionalInstant(rs, "status_at"),
                Sql.optionalText(rs, "reason"),
                rs.getString("sha256"),
                rs.getBytes("der"));
    }
}
