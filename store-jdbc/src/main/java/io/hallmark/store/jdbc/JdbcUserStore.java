package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.server.access.Role;
import io.hallmark.server.access.TotpSecret;
import io.hallmark.server.access.User;
import io.hallmark.server.access.UserStore;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Users in table {@code users}; roles are stored as comma-separated constant names. Their sealed TOTP secrets are in
 * {@code user_totp}.
 */
final class JdbcUserStore implements UserStore {
    private static final String SELECT =
            "SELECT id, org_id, name, roles, password_hash, disabled, created_at FROM users";

    private final Sql sql;

    JdbcUserStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(User u) {
        Checks.notNull(u, "user");
        sql.insert(
                "user name already exists",
                "INSERT INTO users (id, org_id, name, roles, password_hash, disabled, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                u.id(),
                u.orgId(),
                u.name(),
                Sql.names(u.roles()),
                Sql.text(u.passwordHash()),
                u.disabled(),
                Sql.millis(u.createdAt()));
    }

    @Override
    public void update(User u) {
        Checks.notNull(u, "user");
        int changed = sql.update(
                "UPDATE users SET roles = ?, password_hash = ?, disabled = ? WHERE id = ?",
                Sql.names(u.roles()),
                Sql.text(u.passwordHash()),
                u.disabled(),
                u.id());
        Checks.checkState(changed == 1, "user", u.id(), "an existing user");
    }

    @Override
    public Optional<User> findById(String id) {
        return sql.queryOne(SELECT + " WHERE id = ?", JdbcUserStore::map, id);
    }

    @Override
    public Optional<User> findByName(String name) {
        return sql.queryOne(SELECT + " WHERE name = ?", JdbcUserStore::map, name);
    }

    @Override
    public Page<User> list(Optional<String> orgId, PageRequest page) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        orgId.ifPresent(org -> {
            where.add("org_id = ?");
            params.add(org);
        });
        page.after().ifPresent(after -> {
            where.add("id > ?");
            params.add(after);
        });
        params.add(page.limit() + 1);
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        List<User> rows = sql.query(
                SELECT + filter + " ORDER BY id FETCH FIRST ? ROWS ONLY", JdbcUserStore::map, params.toArray());
        return Page.of(rows, page.limit(), User::id);
    }

    @Override
    public Optional<TotpSecret> findTotp(String userId) {
        return sql.queryOne(
                "SELECT user_id, sealed_secret, confirmed, last_step, created_at FROM user_totp WHERE user_id = ?",
                rs -> new TotpSecret(
                        rs.getString("user_id"),
                        rs.getString("sealed_secret"),
                        rs.getBoolean("confirmed"),
                        rs.getLong("last_step"),
                        Sql.instant(rs, "created_at")),
                userId);
    }

    @Override
    public void putTotp(TotpSecret t) {
        Checks.notNull(t, "secret");
        sql.update("DELETE FROM user_totp WHERE user_id = ?", t.userId());
        sql.insert(
                "TOTP secret already exists",
                "INSERT INTO user_totp (user_id, sealed_secret, confirmed, last_step, created_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                t.userId(),
                t.sealed(),
                t.confirmed(),
                t.lastStep(),
                Sql.millis(t.createdAt()));
    }

    @Override
    public boolean deleteTotp(String userId) {
        return sql.update("DELETE FROM user_totp WHERE user_id = ?", userId) == 1;
    }

    @Override
    public boolean useTotpStep(String userId, long step) {
        // one conditional update: two requests racing with the same code cannot both pass
        return sql.update(
                        "UPDATE user_totp SET last_step = ? WHERE user_id = ? AND confirmed = TRUE AND last_step < ?",
                        step,
                        userId,
                        step)
                == 1;
    }

    private static User map(ResultSet rs) throws SQLException {
        return new User(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("name"),
                Sql.enums(Role.class, rs.getString("roles")),
                Sql.optionalText(rs, "password_hash"),
                Sql.instant(rs, "created_at"),
                rs.getBoolean("disabled"));
    }
}
