package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceEvent;
import io.hallmark.server.identity.DeviceFilter;
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
    private static final String SELECT_D = "SELECT d.id, d.serial, d.namespace, d.manufacturer_id, d.product_id,"
            + " d.owner_id, d.state, d.approved, d.enrollment_requested_at, d.created_at, d.updated_at FROM devices d";
    private static final String VISIBLE = "(owner_id = ? OR manufacturer_id = ? OR namespace = ?)";
    private static final String VISIBLE_D = "(d.owner_id = ? OR d.manufacturer_id = ? OR d.namespace = ?)";

    private final Sql sql;

    JdbcDeviceStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Device d) {
        Checks.notNull(d, "device");
        sql.insert(
                "a device with serial " + d.serial() + " already exists",
                "INSERT INTO devices (id, serial, namespace, namespace_only, manufacturer_id, product_id, owner_id,"
                        + " state, approved, enrollment_requested_at, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                d.id(),
                d.serial(),
                d.namespace(),
                Sql.text(namespaceOnly(d)),
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
                        "UPDATE devices SET state = ?, owner_id = ?, namespace_only = ?, approved = ?,"
                                + " enrollment_requested_at = ?, updated_at = ? WHERE id = ? AND state = ?",
                        d.state().name(),
                        Sql.text(d.ownerId()),
                        Sql.text(namespaceOnly(d)),
                        d.approved(),
                        Sql.millis(d.enrollmentRequestedAt()),
                        Sql.millis(d.updatedAt()),
                        d.id(),
                        expected.name())
                == 1;
    }

    /**
     * The namespace when its organization sees the device through it alone (neither owner nor manufacturer), else
     * empty: the third branch of {@link #list} reads only these, the other two branches read the rest.
     */
    private static Optional<String> namespaceOnly(Device d) {
        String ns = d.namespace();
        boolean other = ns.equals(d.ownerId().orElse(null))
                || ns.equals(d.manufacturerId().orElse(null));
        return other ? Optional.empty() : Optional.of(ns);
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

    /**
     * One page of the devices {@code orgId} sees that match {@code filter}, in id order, read by keyset from an index
     * that holds the matches in id order, so that a page costs about its size whatever the fleet's (no OFFSET):
     *
     * <ul>
     *   <li>with a tag: the tag's index ({@code device_tags_tag_idx}) drives, each device checked on its row;
     *   <li>else with a tier of integrity: the organization's latest results of that tier ({@code
     *       attestation_latest_status_idx}) drive;
     *   <li>else the devices' indexes drive, one branch per way the organization sees a device (owner, manufacturer,
     *       serial namespace for the devices it neither owns nor made: {@code namespace_only}), each stopped after a
     *       page; the owner's and the manufacturer's branches read the index of their state, product, firmware
     *       version, or product and firmware when asked (and the owner's, of product and state). The union of the
     *       three pages, in id order, is the page.
     * </ul>
     *
     * <p>Each branch's {@code ORDER BY} names the index's leading columns, although they are fixed by equality: H2
     * reads an index in order (and stops after the page) only when the order starts with the index's first column.
     * A filter without an index of its own (integrity unknown; state and firmware together) checks the
     * devices along the driving index: fast while matches are common, a scan of the organization's devices when rare.
     */
    @Override
    public Page<Device> list(String orgId, DeviceFilter filter, PageRequest page) {
        Checks.notNull(orgId, "orgId");
        Checks.notNull(filter, "filter");
        Checks.notNull(page, "page");
        int rows = page.limit() + 1;
        List<Object> params = new ArrayList<>();
        StringBuilder q = new StringBuilder();
        if (filter.tag().isPresent()) {
            DeviceFilter.Tag t = filter.tag().get();
            q.append(SELECT_D)
                    .append(" JOIN device_tags t ON t.device_id = d.id WHERE t.tag_name = ? AND t.tag_value = ? AND ")
                    .append(VISIBLE_D);
            params.addAll(List.of(t.name(), t.value(), orgId, orgId, orgId));
            q.append(conditions(orgId, filter, page, params))
                    .append(after(page, "t.device_id", params))
                    .append(" ORDER BY t.tag_name, t.tag_value, t.device_id FETCH FIRST ? ROWS ONLY");
            params.add(rows);
        } else if (filter.attested().flatMap(DeviceFilter.Attested::tier).isPresent()) {
            DeviceFilter.Attested a = filter.attested().get();
            q.append(SELECT_D)
                    .append(" JOIN attestation_latest l ON l.device_id = d.id WHERE l.org_id = ? AND l.status = ?"
                            + " AND l.appraised_at >= ? AND ")
                    .append(VISIBLE_D);
            params.addAll(List.of(orgId, a.tier().get().name(), Sql.millis(a.freshSince()), orgId, orgId, orgId));
            q.append(conditions(orgId, filter.withAttested(Optional.empty()), page, params))
                    .append(after(page, "l.device_id", params))
                    .append(" ORDER BY l.org_id, l.status, l.device_id FETCH FIRST ? ROWS ONLY");
            params.add(rows);
        } else if (filter.isAny()) {
            // no condition (the fleet audit's pages, the unfiltered list): the primary key in id order, each row
            // checked for visibility; the union below costs twice as much per page when one owner holds the fleet
            q.append(SELECT_D).append(" WHERE ").append(VISIBLE_D);
            params.addAll(List.of(orgId, orgId, orgId));
            q.append(after(page, "d.id", params)).append(" ORDER BY d.id FETCH FIRST ? ROWS ONLY");
            params.add(rows);
        } else {
            String[][] branches = {
                {"d.owner_id = ?", order("owner_id", filter)},
                {"d.manufacturer_id = ?", order("manufacturer_id", filter)},
                {"d.namespace_only = ?", "d.namespace_only, d.id"}
            };
            q.append("SELECT * FROM (");
            for (int i = 0; i < branches.length; i++) {
                q.append(i == 0 ? "(" : " UNION (")
                        .append(SELECT_D)
                        .append(" WHERE ")
                        .append(branches[i][0]);
                params.add(orgId);
                q.append(conditions(orgId, filter, page, params))
                        .append(after(page, "d.id", params))
                        .append(" ORDER BY ")
                        .append(branches[i][1])
                        // a literal: H2 2.5 keeps the first value bound to a FETCH parameter inside a derived table
                        .append(" FETCH FIRST ")
                        .append(rows)
                        .append(" ROWS ONLY)");
            }
            q.append(") u ORDER BY id FETCH FIRST ").append(rows).append(" ROWS ONLY");
        }
        return Page.of(sql.query(q.toString(), JdbcDeviceStore::map, params.toArray()), page.limit(), Device::id);
    }

    /**
     * The order of the owner's ({@code column} {@code owner_id}) or the manufacturer's ({@code manufacturer_id}) branch:
     * the columns of the index that holds its matches in id order ({@code devices_owner_*_idx} of V26, {@code
     * devices_selection_idx} of V20, {@code devices_manufacturer_*_idx} of V29).
     */
    private static String order(String column, DeviceFilter f) {
        String c = "d." + column + ", ";
        if (f.productId().isPresent() && f.firmwareVersion().isPresent()) {
            return c + "d.product_id, d.firmware_version, d.id";
        }
        if (f.productId().isPresent() && f.state().isPresent() && column.equals("owner_id")) {
            return c + "d.product_id, d.state, d.id";
        }
        if (f.productId().isPresent()) {
            return c + "d.product_id, d.id";
        }
        if (f.firmwareVersion().isPresent()) {
            return c + "d.firmware_version, d.id";
        }
        return f.state().isPresent() ? c + "d.state, d.id" : c + "d.id";
    }

    /**
     * The cursor's condition on the driving index's {@code column}, and on {@code d.id} too when that is another
     * column: PostgreSQL does not carry the inequality across the join, and would otherwise merge-join the devices
     * from the first one.
     */
    private static String after(PageRequest page, String column, List<Object> params) {
        if (page.after().isEmpty()) {
            return "";
        }
        params.add(page.after().get());
        if (column.equals("d.id")) {
            return " AND d.id > ?";
        }
        params.add(page.after().get());
        return " AND " + column + " > ? AND d.id > ?";
    }

    /** The filter's conditions on {@code d} but the tag, each after {@code AND}; their parameters go to {@code params}. */
    private static String conditions(String orgId, DeviceFilter f, PageRequest page, List<Object> params) {
        StringBuilder c = new StringBuilder();
        f.state().ifPresent(st -> {
            c.append(" AND d.state = ?");
            params.add(st.name());
        });
        f.productId().ifPresent(p -> {
            c.append(" AND d.product_id = ?");
            params.add(p);
        });
        f.firmwareVersion().ifPresent(v -> {
            c.append(" AND d.firmware_version = ?");
            params.add(v);
        });
        f.attested().ifPresent(a -> {
            // the latest result recorded for the listing organization, fresh when appraised at or after freshSince
            if (a.tier().isPresent()) {
                c.append(" AND EXISTS (SELECT 1 FROM attestation_latest l WHERE l.device_id = d.id AND l.org_id = ?"
                        + " AND l.status = ? AND l.appraised_at >= ?)");
                params.add(orgId);
                params.add(a.tier().get().name());
            } else {
                // the cursor bounds the results too (implied by d.id > cursor): PostgreSQL then merges the devices
                // with the results from the cursor on, not from the first result (0.13 s -> 0.03 s a page over a
                // million devices of which 0.1 % are unknown)
                c.append(" AND NOT EXISTS (SELECT 1 FROM attestation_latest l WHERE l.device_id = d.id"
                        + " AND l.org_id = ? AND l.status <> 'NONE' AND l.appraised_at >= ?"
                        + (page.after().isPresent() ? " AND l.device_id > ?)" : ")"));
                params.add(orgId);
                params.add(Sql.millis(a.freshSince()));
                page.after().ifPresent(params::add);
                return;
            }
            params.add(Sql.millis(a.freshSince()));
        });
        return c.toString();
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
