package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.server.notify.Webhook;
import io.hallmark.server.notify.WebhookStore;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Webhooks in table {@code webhooks}. */
final class JdbcWebhookStore implements WebhookStore {
    private static final String SELECT =
            "SELECT id, org_id, url, events, allow_private, salt, created_by, created_at FROM webhooks";

    private final Sql sql;

    JdbcWebhookStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Webhook w) {
        Checks.notNull(w, "webhook");
        sql.insert(
                "a webhook with this id already exists",
                "INSERT INTO webhooks (id, org_id, url, events, allow_private, salt, created_by, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                w.id(),
                w.orgId(),
                w.url().toString(),
                String.join(",", w.events()),
                w.allowPrivate(),
                w.salt(),
                w.createdBy(),
                Sql.millis(w.createdAt()));
    }

    @Override
    public boolean delete(String id) {
        return sql.update("DELETE FROM webhooks WHERE id = ?", id) == 1;
    }

    @Override
    public Optional<Webhook> find(String id) {
        return sql.queryOne(SELECT + " WHERE id = ?", JdbcWebhookStore::map, id);
    }

    @Override
    public List<Webhook> all() {
        return sql.query(SELECT + " ORDER BY org_id, created_at, id", JdbcWebhookStore::map);
    }

    private static Webhook map(ResultSet rs) throws SQLException {
        return new Webhook(
                rs.getString("id"),
                rs.getString("org_id"),
                URI.create(rs.getString("url")),
                Arrays.asList(rs.getString("events").split(",")),
                rs.getBoolean("allow_private"),
                rs.getString("salt"),
                rs.getString("created_by"),
                Sql.instant(rs, "created_at"));
    }
}
