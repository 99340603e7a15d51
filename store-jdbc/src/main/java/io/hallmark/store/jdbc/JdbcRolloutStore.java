package io.hallmark.store.jdbc;

import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.update.FirmwareVersion;
import io.hallmark.server.update.Rollout;
import io.hallmark.server.update.RolloutDevice;
import io.hallmark.server.update.RolloutSelector;
import io.hallmark.server.update.RolloutStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rollouts in table {@code rollouts}, assignments in {@code rollout_devices}. Creating a rollout counts its selection;
 * releasing a wave is one INSERT ... SELECT of the next selected devices after the rollout's cursor (the last device
 * id taken), in device id order, so a device has a row only once a wave took it and no step writes more rows than
 * its wave has devices.
 */
final class JdbcRolloutStore implements RolloutStore {
    private static final String SELECT = "SELECT id, org_id, release_id, product_id, selector_tags, selector_version,"
            + " selector_older, waves, wave_counts, wave,"
            + " success_pct, failure_pct, rate_per_minute, window_utc, security, state, state_reason, total, released,"
            + " installed, failed, created_by, created_at, updated_at FROM rollouts";
    private static final String SELECT_DEVICE =
            "SELECT rollout_id, device_id, seq, state, reason, delivered_at, updated_at FROM rollout_devices";
    private static final String UNFINISHED = "('PENDING', 'ASSIGNED', 'DOWNLOADING')";

    private final Sql sql;

    JdbcRolloutStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Rollout r) {
        sql.insert(
                "rollout " + r.id() + " exists",
                "INSERT INTO rollouts (id, org_id, release_id, product_id, selector_tags, selector_version,"
                        + " selector_older, waves, wave_counts, wave, success_pct, failure_pct, rate_per_minute,"
                        + " window_utc, security, state, state_reason, total, released, installed, failed, created_by,"
                        + " created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(),
                r.orgId(),
                r.releaseId(),
                r.productId(),
                Sql.text(
                        r.selector().tags().isEmpty()
                                ? Optional.empty()
                                : Optional.of(r.selector().tagText())),
                Sql.text(r.selector().version()),
                Sql.text(r.selector().olderThan()),
                String.join(",", r.waves()),
                counts(r.waveCounts()),
                r.wave(),
                r.successPct(),
                r.failurePct(),
                r.ratePerMinute(),
                Sql.text(r.window()),
                r.security(),
                r.state().name(),
                Sql.text(r.stateReason()),
                r.total(),
                r.released(),
                r.installed(),
                r.failed(),
                r.createdBy(),
                Sql.millis(r.createdAt()),
                Sql.millis(r.updatedAt()));
    }

    @Override
    public long countDevices(Rollout r, String manufacturerId) {
        // the selection without the "no unfinished assignment" condition, less the selected devices that have one (a
        // device has at most one): the second count starts from the few unfinished assignments, not every device
        List<Object> params = new ArrayList<>();
        String where = selection(r, manufacturerId, params, false);
        long all = sql.queryOne(
                        "SELECT COUNT(*) AS n FROM devices d WHERE " + where, rs -> rs.getLong("n"), params.toArray())
                .orElse(0L);
        long busy = sql.queryOne(
                        "SELECT COUNT(*) AS n FROM rollout_devices o JOIN devices d ON d.id = o.device_id"
                                + " WHERE o.state IN " + UNFINISHED + " AND " + where,
                        rs -> rs.getLong("n"),
                        params.toArray())
                .orElse(0L);
        return all - busy;
    }

    @Override
    public long release(Rollout r, String manufacturerId, int wave, long count, Instant now) {
        if (count <= 0) {
            return 0;
        }
        String cursor = sql.queryOne(
                        "SELECT cursor_device FROM rollouts WHERE id = ?",
                        rs -> Optional.ofNullable(rs.getString("cursor_device")),
                        r.id())
                .orElseThrow()
                .orElse("");
        List<Object> params = new ArrayList<>(List.of(r.id(), wave + 1, Sql.millis(now)));
        String where = selection(r, manufacturerId, params, true);
        params.add(cursor);
        String limit = "";
        if (count != Long.MAX_VALUE) {
            limit = " FETCH FIRST ? ROWS ONLY";
            params.add(count);
        }
        // the next devices after the cursor in id order: ordered as the index devices_selection_idx (owner_id,
        // product_id, state, id, manufacturer_id) is, so the database reads that index from the cursor and stops after
        // the wave, instead of sorting the fleet
        long taken = sql.update(
                "INSERT INTO rollout_devices (rollout_id, device_id, seq, state, updated_at)"
                        + " SELECT ?, d.id, ?, 'ASSIGNED', ? FROM devices d WHERE " + where + " AND d.id > ?"
                        + " ORDER BY d.owner_id, d.product_id, d.state, d.id" + limit,
                params.toArray());
        if (taken > 0) {
            sql.update(
                    "UPDATE rollouts SET cursor_device = (SELECT MAX(device_id) FROM rollout_devices"
                            + " WHERE rollout_id = ?) WHERE id = ?",
                    r.id(),
                    r.id());
        }
        return taken;
    }

    /**
     * The WHERE condition on {@code devices d} of the rollout's selection (with {@code free}: only devices without an
     * unfinished assignment); adds its parameters to {@code params}.
     */
    private static String selection(Rollout r, String manufacturerId, List<Object> params, boolean free) {
        StringBuilder w = new StringBuilder("d.owner_id = ? AND d.product_id = ? AND d.state = 'ACTIVE'"
                + " AND (d.manufacturer_id = ? OR d.manufacturer_id IS NULL)");
        params.add(r.orgId());
        params.add(r.productId());
        params.add(manufacturerId);
        r.selector().tags().forEach((name, value) -> {
            w.append(" AND EXISTS (SELECT 1 FROM device_tags t WHERE t.device_id = d.id AND t.tag_name = ?"
                    + " AND t.tag_value = ?)");
            params.add(name);
            params.add(value);
        });
        r.selector().version().ifPresent(v -> {
            w.append(" AND d.firmware_version = ?");
            params.add(v);
        });
        r.selector().olderThan().flatMap(FirmwareVersion::key).ifPresent(k -> {
            w.append(" AND d.firmware_key < ?");
            params.add(k);
        });
        if (free) {
            w.append(" AND NOT EXISTS (SELECT 1 FROM rollout_devices o WHERE o.device_id = d.id AND o.state IN "
                    + UNFINISHED + ")");
        }
        return w.toString();
    }

    @Override
    public boolean update(Rollout r, int expectedWave, Rollout.State expectedState) {
        return sql.update(
                        "UPDATE rollouts SET wave_counts = ?, wave = ?, state = ?, state_reason = ?, total = ?,"
                                + " released = ?, updated_at = ? WHERE id = ? AND wave = ? AND state = ?",
                        counts(r.waveCounts()),
                        r.wave(),
                        r.state().name(),
                        Sql.text(r.stateReason()),
                        r.total(),
                        r.released(),
                        Sql.millis(r.updatedAt()),
                        r.id(),
                        expectedWave,
                        expectedState.name())
                == 1;
    }

    @Override
    public void count(String rolloutId, long installedDelta, long failedDelta, Instant now) {
        sql.update(
                "UPDATE rollouts SET installed = installed + ?, failed = failed + ?, updated_at = ? WHERE id = ?",
                installedDelta,
                failedDelta,
                Sql.millis(now),
                rolloutId);
    }

    @Override
    public long cancelDevices(String rolloutId, String reason, Instant now) {
        return sql.update(
                "UPDATE rollout_devices SET state = 'CANCELLED', reason = ?, updated_at = ?"
                        + " WHERE rollout_id = ? AND state IN " + UNFINISHED,
                reason.length() > 500 ? reason.substring(0, 500) : reason,
                Sql.millis(now),
                rolloutId);
    }

    @Override
    public Optional<Rollout> findById(String id) {
        return sql.queryOne(SELECT + " WHERE id = ?", JdbcRolloutStore::map, id);
    }

    @Override
    public List<Rollout> openForRelease(String releaseId) {
        return sql.query(
                SELECT + " WHERE release_id = ? AND state IN ('RUNNING', 'PAUSED') ORDER BY id",
                JdbcRolloutStore::map,
                releaseId);
    }

    @Override
    public Page<Rollout> list(String orgId, PageRequest page) {
        int fetch = page.limit() + 1;
        List<Rollout> rows = page.after().isPresent()
                ? sql.query(
                        SELECT + " WHERE org_id = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY",
                        JdbcRolloutStore::map,
                        orgId,
                        page.after().get(),
                        fetch)
                : sql.query(
                        SELECT + " WHERE org_id = ? ORDER BY id FETCH FIRST ? ROWS ONLY",
                        JdbcRolloutStore::map,
                        orgId,
                        fetch);
        return Page.of(rows, page.limit(), Rollout::id);
    }

    @Override
    public Map<RolloutDevice.State, Long> states(String rolloutId) {
        Map<RolloutDevice.State, Long> out = new EnumMap<>(RolloutDevice.State.class);
        for (RolloutDevice.State s : RolloutDevice.State.values()) {
            out.put(s, 0L);
        }
        sql.query(
                        "SELECT state, COUNT(*) AS n FROM rollout_devices WHERE rollout_id = ? GROUP BY state",
                        rs -> Map.entry(RolloutDevice.State.valueOf(rs.getString("state")), rs.getLong("n")),
                        rolloutId)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        // the devices counted at creation that no released wave took yet have no row
        findById(rolloutId).ifPresent(r -> {
            long rows = out.values().stream().mapToLong(Long::longValue).sum();
            long rest = Math.max(0, r.total() - rows);
            RolloutDevice.State as =
                    r.state() == Rollout.State.CANCELLED ? RolloutDevice.State.CANCELLED : RolloutDevice.State.PENDING;
            out.merge(as, r.state() == Rollout.State.COMPLETED ? 0 : rest, Long::sum);
        });
        return out;
    }

    @Override
    public Optional<RolloutDevice> current(String deviceId) {
        // the unfinished one, else the newest cancelled one the device had been given
        List<RolloutDevice> rows = sql.query(
                SELECT_DEVICE + " WHERE device_id = ? AND (state IN ('ASSIGNED', 'DOWNLOADING')"
                        + " OR (state = 'CANCELLED' AND delivered_at IS NOT NULL))"
                        + " ORDER BY updated_at DESC, rollout_id DESC FETCH FIRST 2 ROWS ONLY",
                JdbcRolloutStore::mapDevice,
                deviceId);
        return rows.stream()
                .filter(d -> d.state() != RolloutDevice.State.CANCELLED)
                .findFirst()
                .or(() -> rows.stream().findFirst());
    }

    @Override
    public Optional<RolloutDevice> find(String rolloutId, String deviceId) {
        return sql.queryOne(
                SELECT_DEVICE + " WHERE rollout_id = ? AND device_id = ?",
                JdbcRolloutStore::mapDevice,
                rolloutId,
                deviceId);
    }

    @Override
    public boolean move(RolloutDevice to, RolloutDevice.State from) {
        return sql.update(
                        "UPDATE rollout_devices SET state = ?, reason = ?, delivered_at = ?, updated_at = ?"
                                + " WHERE rollout_id = ? AND device_id = ? AND state = ?",
                        to.state().name(),
                        Sql.text(to.reason()),
                        Sql.millis(to.deliveredAt()),
                        Sql.millis(to.updatedAt()),
                        to.rolloutId(),
                        to.deviceId(),
                        from.name())
                == 1;
    }

    @Override
    public boolean admitDelivery(String rolloutId, int perMinute, Instant now) {
        long minute = Math.floorDiv(now.toEpochMilli(), 60_000L);
        return sql.update(
                        "UPDATE rollouts SET rate_count = CASE WHEN rate_minute = ? THEN rate_count + 1 ELSE 1 END,"
                                + " rate_minute = ? WHERE id = ? AND (rate_minute <> ? OR rate_count < ?)",
                        minute,
                        minute,
                        rolloutId,
                        minute,
                        perMinute)
                == 1;
    }

    private static String counts(List<Long> counts) {
        return String.join(",", counts.stream().map(String::valueOf).toList());
    }

    private static Rollout map(ResultSet rs) throws SQLException {
        String counts = rs.getString("wave_counts");
        return new Rollout(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("release_id"),
                rs.getString("product_id"),
                new RolloutSelector(
                        RolloutSelector.parseTags(rs.getString("selector_tags")),
                        Sql.optionalText(rs, "selector_version"),
                        Sql.optionalText(rs, "selector_older")),
                Arrays.asList(rs.getString("waves").split(",")),
                Arrays.stream(counts.split(",")).map(Long::valueOf).toList(),
                rs.getInt("wave"),
                rs.getInt("success_pct"),
                rs.getInt("failure_pct"),
                rs.getInt("rate_per_minute"),
                Sql.optionalText(rs, "window_utc"),
                rs.getBoolean("security"),
                Rollout.State.valueOf(rs.getString("state")),
                Sql.optionalText(rs, "state_reason"),
                rs.getLong("total"),
                rs.getLong("released"),
                rs.getLong("installed"),
                rs.getLong("failed"),
                rs.getString("created_by"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }

    private static RolloutDevice mapDevice(ResultSet rs) throws SQLException {
        return new RolloutDevice(
                rs.getString("rollout_id"),
                rs.getString("device_id"),
                rs.getLong("seq"),
                RolloutDevice.State.valueOf(rs.getString("state")),
                Sql.optionalText(rs, "reason"),
                Sql.optionalInstant(rs, "delivered_at"),
                Sql.instant(rs, "updated_at"));
    }
}
