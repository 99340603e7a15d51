package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.update.Release;
import io.hallmark.server.update.ReleaseStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Releases in table {@code releases}; the revocation is a nullable column group. */
final class JdbcReleaseStore implements ReleaseStore {
    private static final String SELECT = "SELECT id, org_id, product_id, product_model, version, target_path,"
            + " image_sha256, image_length, sbom_sha256, measurements, hardware, security, state, published_by,"
            + " published_at, revoked_by, revoked_at, revoke_reason FROM releases";

    private final Sql sql;

    JdbcReleaseStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Release r) {
        Checks.notNull(r, "release");
        sql.insert(
                "product " + r.productModel() + " already has a release " + r.version(),
                "INSERT INTO releases (id, org_id, product_id, product_model, version, target_path, image_sha256,"
                        + " image_length, sbom_sha256, measurements, hardware, security, state, published_by,"
                        + " published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(),
                r.orgId(),
                r.productId(),
                r.productModel(),
                r.version(),
                r.targetPath(),
                r.imageSha256(),
                r.imageLength(),
                Sql.text(r.sbomSha256()),
                r.measurements().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n")),
                String.join(",", r.hardware()),
                r.security(),
                r.state().name(),
                r.publishedBy(),
                Sql.millis(r.publishedAt()));
    }

    @Override
    public boolean revoke(Release r) {
        Release.Revocation v = r.revocation().orElseThrow();
        return sql.update(
                        "UPDATE releases SET state = ?, revoked_by = ?, revoked_at = ?, revoke_reason = ?"
                                + " WHERE id = ? AND state IN (?, ?)",
                        Release.State.REVOKED.name(),
                        v.revokedBy(),
                        Sql.millis(v.at()),
                        v.reason(),
                        r.id(),
                        Release.State.PUBLISHED.name(),
                        Release.State.PENDING.name())
                == 1;
    }

    @Override
    public Optional<Release> findById(String id) {
        return sql.queryOne(SELECT + " WHERE id = ?", JdbcReleaseStore::map, id);
    }

    @Override
    public Page<Release> list(String orgId, PageRequest page) {
        int fetch = page.limit() + 1;
        List<Release> rows = page.after().isPresent()
                ? sql.query(
                        SELECT + " WHERE org_id = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY",
                        JdbcReleaseStore::map,
                        orgId,
                        page.after().get(),
                        fetch)
                : sql.query(
                        SELECT + " WHERE org_id = ? ORDER BY id FETCH FIRST ? ROWS ONLY",
                        JdbcReleaseStore::map,
                        orgId,
                        fetch);
        return Page.of(rows, page.limit(), Release::id);
    }

    @Override
    public List<Release> published(String orgId) {
        return sql.query(
                SELECT + " WHERE org_id = ? AND state = ? ORDER BY target_path",
                JdbcReleaseStore::map,
                orgId,
                Release.State.PUBLISHED.name());
    }

    @Override
    public List<Release> pending(String orgId) {
        return sql.query(
                SELECT + " WHERE org_id = ? AND state = ? ORDER BY target_path",
                JdbcReleaseStore::map,
                orgId,
                Release.State.PENDING.name());
    }

    @Override
    public void publishPending(String orgId, java.util.Collection<String> targetPaths) {
        for (String path : targetPaths) {
            sql.update(
                    "UPDATE releases SET state = ? WHERE org_id = ? AND target_path = ? AND state = ?",
                    Release.State.PUBLISHED.name(),
                    orgId,
                    path,
                    Release.State.PENDING.name());
        }
    }

    @Override
    public Optional<Release> findPublished(String orgId, String targetPath) {
        return sql.queryOne(
                SELECT + " WHERE org_id = ? AND target_path = ? AND state = ?",
                JdbcReleaseStore::map,
                orgId,
                targetPath,
                Release.State.PUBLISHED.name());
    }

    private static Release map(ResultSet rs) throws SQLException {
        Map<String, String> m = new TreeMap<>();
        String ms = rs.getString("measurements");
        if (!ms.isEmpty()) {
            for (String line : ms.split("\n")) {
                int eq = line.lastIndexOf('=');
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        String hw = rs.getString("hardware");
        Optional<Release.Revocation> revocation = Sql.optionalText(rs, "revoked_by")
                .map(by -> {
                    try {
                        return new Release.Revocation(by, Sql.instant(rs, "revoked_at"), rs.getString("revoke_reason"));
                    } catch (SQLException e) {
                        throw Sql.failure(e);
                    }
                });
        return new Release(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("product_id"),
                rs.getString("product_model"),
                rs.getString("version"),
                rs.getString("target_path"),
                rs.getString("image_sha256"),
                rs.getLong("image_length"),
                Sql.optionalText(rs, "sbom_sha256"),
                new TreeMap<>(m),
                hw.isEmpty() ? List.of() : Arrays.asList(hw.split(",")),
                rs.getBoolean("security"),
                Release.State.valueOf(rs.getString("state")),
                rs.getString("published_by"),
                Sql.instant(rs, "published_at"),
                revocation);
    }
}
