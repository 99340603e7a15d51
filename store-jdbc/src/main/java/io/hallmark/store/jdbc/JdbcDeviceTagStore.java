package io.hallmark.store.jdbc;

import io.hallmark.server.update.DeviceTagStore;
import io.hallmark.server.update.FirmwareVersion;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Tags in table {@code device_tags}; the reported firmware in columns of {@code devices} (V20). */
final class JdbcDeviceTagStore implements DeviceTagStore {
    private final Sql sql;

    JdbcDeviceTagStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Map<String, String> tags(String deviceId) {
        Map<String, String> out = new TreeMap<>();
        sql.query(
                        "SELECT tag_name, tag_value FROM device_tags WHERE device_id = ?",
                        rs -> Map.entry(rs.getString("tag_name"), rs.getString("tag_value")),
                        deviceId)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    @Override
    public void put(String deviceId, String name, String value, Instant now) {
        // portable upsert: the caller's transaction makes the pair atomic
        int n = sql.update(
                "UPDATE device_tags SET tag_value = ?, updated_at = ? WHERE device_id = ? AND tag_name = ?",
                value,
                Sql.millis(now),
                deviceId,
                name);
        if (n == 0) {
            sql.insert(
                    "tag " + name + " exists",
                    "INSERT INTO device_tags (device_id, tag_name, tag_value, updated_at) VALUES (?, ?, ?, ?)",
                    deviceId,
                    name,
                    value,
                    Sql.millis(now));
        }
    }

    @Override
    public boolean remove(String deviceId, String name) {
        return sql.update("DELETE FROM device_tags WHERE device_id = ? AND tag_name = ?", deviceId, name) == 1;
    }

    @Override
    public boolean reportFirmware(String deviceId, String version, Instant at) {
        return sql.update(
                        "UPDATE devices SET firmware_version = ?, firmware_key = ?, firmware_at = ? WHERE id = ?"
                                + " AND (firmware_version IS NULL OR firmware_version <> ?)",
                        version,
                        Sql.text(FirmwareVersion.key(version)),
                        Sql.millis(at),
                        deviceId,
                        version)
                == 1;
    }

    @Override
    public Optional<String> firmware(String deviceId) {
        return sql.queryOne(
                        "SELECT firmware_version FROM devices WHERE id = ?",
                        rs -> Optional.ofNullable(rs.getString("firmware_version")),
                        deviceId)
                .flatMap(v -> v);
    }
}
