package io.hallmark.store.jdbc;

import io.hallmark.server.update.TufProductRole;
import io.hallmark.server.update.TufRepositoryState;
import io.hallmark.server.update.TufStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** TUF repositories in {@code tuf_repositories} (one row per manufacturer) and their files in {@code tuf_files}. */
final class JdbcTufStore implements TufStore {
    private static final String SELECT = "SELECT org_id, root_version, targets_version, snapshot_version,"
            + " timestamp_version, root_expires, targets_expires, snapshot_expires, timestamp_expires"
            + " FROM tuf_repositories";

    private final Sql sql;

    JdbcTufStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<TufRepositoryState> lock(String orgId) {
        return sql.queryOne(SELECT + " WHERE org_id = ? FOR UPDATE", JdbcTufStore::map, orgId);
    }

    @Override
    public Optional<TufRepositoryState> find(String orgId) {
        return sql.queryOne(SELECT + " WHERE org_id = ?", JdbcTufStore::map, orgId);
    }

    @Override
    public void insert(TufRepositoryState s) {
        sql.insert(
                "this organization already has a TUF repository",
                "INSERT INTO tuf_repositories (org_id, root_version, targets_version, snapshot_version,"
                        + " timestamp_version, root_expires, targets_expires, snapshot_expires, timestamp_expires)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.orgId(),
                (long) s.rootVersion(),
                (long) s.targetsVersion(),
                (long) s.snapshotVersion(),
                (long) s.timestampVersion(),
                Sql.millis(s.rootExpires()),
                Sql.millis(s.targetsExpires()),
                Sql.millis(s.snapshotExpires()),
                Sql.millis(s.timestampExpires()));
    }

    @Override
    public void update(TufRepositoryState s) {
        sql.update(
                "UPDATE tuf_repositories SET root_version = ?, targets_version = ?, snapshot_version = ?,"
                        + " timestamp_version = ?, root_expires = ?, targets_expires = ?, snapshot_expires = ?,"
                        + " timestamp_expires = ? WHERE org_id = ?",
                (long) s.rootVersion(),
                (long) s.targetsVersion(),
                (long) s.snapshotVersion(),
                (long) s.timestampVersion(),
                Sql.millis(s.rootExpires()),
                Sql.millis(s.targetsExpires()),
                Sql.millis(s.snapshotExpires()),
                Sql.millis(s.timestampExpires()),
                s.orgId());
    }

    @Override
    public void putFile(String orgId, String name, byte[] content, Instant at) {
        if (sql.update(
                        "UPDATE tuf_files SET content = ?, written_at = ? WHERE org_id = ? AND name = ?",
                        content,
                        Sql.millis(at),
                        orgId,
                        name)
                == 0) {
            sql.insert(
                    "this TUF file already exists",
                    "INSERT INTO tuf_files (org_id, name, content, written_at) VALUES (?, ?, ?, ?)",
                    orgId,
                    name,
                    content,
                    Sql.millis(at));
        }
    }

    @Override
    public Optional<byte[]> file(String orgId, String name) {
        return sql.queryOne(
                "SELECT content FROM tuf_files WHERE org_id = ? AND name = ?", rs -> rs.getBytes(1), orgId, name);
    }

    private static final String ROLE =
            "SELECT org_id, role, vault_key, offline_keys, next_keys, pending, signed_version"
                    + " FROM tuf_product_roles";

    @Override
    public Optional<TufProductRole> findRole(String orgId, String role) {
        return sql.queryOne(ROLE + " WHERE org_id = ? AND role = ?", JdbcTufStore::role, orgId, role);
    }

    @Override
    public List<TufProductRole> offlineRoles() {
        return sql.query(
                ROLE + " WHERE offline_keys IS NOT NULL OR next_keys IS NOT NULL ORDER BY org_id, role",
                JdbcTufStore::role);
    }

    private static TufProductRole role(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new TufProductRole(
                rs.getString("org_id"),
                rs.getString("role"),
                (int) rs.getLong("vault_key"),
                Sql.optionalText(rs, "offline_keys"),
                Sql.optionalText(rs, "next_keys"),
                Optional.ofNullable(rs.getBytes("pending")),
                (int) rs.getLong("signed_version"));
    }

    @Override
    public void putRole(TufProductRole r) {
        if (sql.update(
                        "UPDATE tuf_product_roles SET vault_key = ?, offline_keys = ?, next_keys = ?, pending = ?,"
                                + " signed_version = ? WHERE org_id = ? AND role = ?",
                        (long) r.vaultKey(),
                        Sql.text(r.offline()),
                        Sql.text(r.next()),
                        Sql.bytes(r.pending()),
                        (long) r.signedVersion(),
                        r.orgId(),
                        r.role())
                == 0) {
            sql.insert(
                    "this product role is stored already",
                    "INSERT INTO tuf_product_roles (org_id, role, vault_key, offline_keys, next_keys, pending,"
                            + " signed_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    r.orgId(),
                    r.role(),
                    (long) r.vaultKey(),
                    Sql.text(r.offline()),
                    Sql.text(r.next()),
                    Sql.bytes(r.pending()),
                    (long) r.signedVersion());
        }
    }

    @Override
    public List<TufRepositoryState> expiringBefore(Instant time) {
        long t = (Long) Sql.millis(time);
        return sql.query(
                SELECT + " WHERE timestamp_expires < ? OR snapshot_expires < ? OR targets_expires < ?"
                        + " ORDER BY org_id",
                JdbcTufStore::map,
                t,
                t,
                t);
    }

    private static TufRepositoryState map(ResultSet rs) throws SQLException {
        return new TufRepositoryState(
                rs.getString("org_id"),
                (int) rs.getLong("root_version"),
                (int) rs.getLong("targets_version"),
                (int) rs.getLong("snapshot_version"),
                (int) rs.getLong("timestamp_version"),
                Sql.instant(rs, "root_expires"),
                Sql.instant(rs, "targets_expires"),
                Sql.instant(rs, "snapshot_expires"),
                Sql.instant(rs, "timestamp_expires"));
    }
}
