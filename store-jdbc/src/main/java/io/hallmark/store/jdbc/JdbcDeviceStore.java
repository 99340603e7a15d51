package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceEvent;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.identity.DeviceStore;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Devices in {@code devices}, their history in {@code device_events}, secrets in {@code enrollment_secrets}. */
final class JdbcDeviceStore implements DeviceStore {
    private static final String SELECT = "SELECT id, serial, namespace, manufacturer_id, product_id, owner_id, state,"
            + " approved, enrollment_requested_at, created_at, updated_at FROM devices";
    private static final String VISIBLE = "(owner_id = ? OR manufacturer_id = ? OR namespace = ?)";

    private final Sql sql;

    JdbcDeviceStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Device d) {
        Checks.notNull(d, "device");
        sql.insert(
                "a device with serial " + d.serial() + " already exists",
                "INSERT INTO devices (id, serial, namespace, manufacturer_id, product_id, owner_id, state, approved,"
                        + " enrollment_requested_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                d.id(),
                d.serial(),
                d.namespace(),
                Sql.text(d.manufacturerId()),
                Sql.text(d.productId()),
                Sql.text(d.ownerId()),
                d.state().name(),
                d.approved(),
                Sql.millis(d.enrollmentRequestedAt()),
                Sql.millis(d.createdAt()),
                Sql.millis(d.updatedAt()));
    }

    @Override
    public boolean update(Device d, DeviceState expected) {
        return sql.update(
                        "UPDATE devices SET state = ?, owner_id = ?, approved = ?, enrollment_requested_at = ?,"
                                + " updated_at = ? WHERE id = ? AND state = ?",
                        d.state().name(),
                        Sql.text(d.ownerId()),
                        d.approved(),
                        Sql.millis(d.enrollmentRequestedAt()),
                        Sql.millis(d.updatedAt()),
                        d.id(),
                        expected.name())
                == 1;
    }

    @Override
    public Optional<Device> findById(String id) {
        return sql.queryOne(SELECT + " WHERE id = ?", JdbcDeviceStore::map, id);
    }

    @Override
    public Optional<Device> findBySerial(String namespace, String serial) {
        return sql.queryOne(SELECT + " WHERE namespace = ? AND serial = ?", JdbcDeviceStore::map, namespace, serial);
    }

    @Override
    public List<Device> findAllBySerial(String serial) {
        return sql.query(
                SELECT + " WHERE serial = ? ORDER BY id FETCH FIRST 10 ROWS ONLY", JdbcDeviceStore::map, serial);
    }

    @Override
    public List<Device> findVisible(String orgId, String serial) {
        return sql.query(
                SELECT + " WHERE serial = ? AND " + VISIBLE + " ORDER BY id FETCH FIRST 10 ROWS ONLY",
                JdbcDeviceStore::map,
                serial,
                orgId,
                orgId,
                orgId);
    }

    @Override
    public Page<Device> list(String orgId, Optional<DeviceState> state, PageRequest page) {
        StringBuilder q = new StringBuilder(SELECT).append(" WHERE ").append(VISIBLE);
        List<Object> params = new ArrayList<>(List.of(orgId, orgId, orgId));
        if (state.isPresent()) {
            q.append(" AND state = ?");
            params.add(state.get().name());
        }
        if (page.after().isPresent()) {
            q.append(" AND id > ?");
            params.add(page.after().get());
        }
        q.append(" ORDER BY id FETCH FIRST ? ROWS ONLY");
        params.add(page.limit() + 1);
        return Page.of(sql.query(q.toString(), JdbcDeviceStore::map, params.toArray()), page.limit(), Device::id);
    }

    @Override
    public void appendEvent(DeviceEvent e) {
        sql.update(
                "INSERT INTO device_events (id, device_id, at_ms, action, from_state, to_state, actor, reason)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                e.id(),
                e.deviceId(),
                Sql.millis(e.at()),
                e.action(),
                Sql.text(e.from().map(Enum::name)),
                e.to().name(),
                e.actor(),
                Sql.text(e.reason()));
    }

    @Override
    public List<DeviceEvent> events(String deviceId) {
        return sql.query(
                "SELECT id, device_id, at_ms, action, from_state, to_state, actor, reason FROM device_events"
                        + " WHERE device_id = ? ORDER BY at_ms, n",
                rs -> new DeviceEvent(
                        rs.getString("id"),
                        rs.getString("device_id"),
                        Sql.instant(rs, "at_ms"),
                        rs.getString("action"),
                        Sql.optionalText(rs, "from_state").map(DeviceState::valueOf),
                        DeviceState.valueOf(rs.getString("to_state")),
                        rs.getString("actor"),
                        Sql.optionalText(rs, "reason")),
                deviceId);
    }

    @Override
    public void putEnrollmentSecret(String deviceId, byte[] secretHash, Instant expiresAt) {
        sql.update("DELETE FROM enrollment_secrets WHERE device_id = ?", deviceId);
        sql.update(
                "INSERT INTO enrollment_secrets (device_id, secret_hash, expires_at) VALUES (?, ?, ?)",
                deviceId,
                secretHash,
                Sql.millis(expiresAt));
    }

    @Override
    public Optional<EnrollmentSecret> findEnrollmentSecret(String deviceId) {
        return sql.queryOne(
                "SELECT device_id, secret_hash, expires_at FROM enrollment_secrets WHERE device_id = ?",
                rs -> new EnrollmentSecret(
                        rs.getString("device_id"), rs.getBytes("secret_hash"), Sql.instant(rs, "expires_at")),
                deviceId);
    }

    @Override
    public boolean deleteEnrollmentSecret(String deviceId) {
        return sql.update("DELETE FROM enrollment_secrets WHERE device_id = ?", deviceId) == 1;
    }

    private static Device map(ResultSet rs) throws SQLException {
        return new Device(
                rs.getString("id"),
                rs.getString("serial"),
                rs.getString("namespace"),
                Sql.optionalText(rs, "manufacturer_id"),
                Sql.optionalText(rs, "product_id"),
                Sql.optionalText(rs, "owner_id"),
                DeviceState.valueOf(rs.getString("state")),
                rs.getBoolean("approved"),
                Sql.optionalInstant(rs, "enrollment_requested_at"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }
}
