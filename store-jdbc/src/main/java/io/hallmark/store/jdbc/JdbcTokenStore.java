package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.server.access.ApiToken;
import io.hallmark.server.access.TokenStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API tokens in table {@code api_tokens}: ids and secret hashes, never secrets. */
final class JdbcTokenStore implements TokenStore {
    private static final String SELECT =
            "SELECT id, user_id, name, secret_hash, created_at, expires_at, revoked_at FROM api_tokens";

    private final Sql sql;

    JdbcTokenStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(ApiToken t) {
        Checks.notNull(t, "token");
        sql.insert(
                "token already exists",
                "INSERT INTO api_tokens (id, user_id, name, secret_hash, created_at, expires_at, revoked_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                t.id(),
                t.userId(),
                t.name(),
                t.secretHash(),
                Sql.millis(t.createdAt()),
                Sql.millis(t.expiresAt()),
                Sql.millis(t.revokedAt()));
    }

    @Override
    public Optional<ApiToken> findById(String id) {
        return sql.queryOne(SELECT + " WHERE id = ?", JdbcTokenStore::map, id);
    }

    @Override
    public boolean revoke(String id, Instant at) {
        Checks.notNull(at, "at");
        return sql.update(
                        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", Sql.millis(at), id)
                == 1;
    }

    @Override
    public int revokeAllOfUser(String userId, Instant at) {
        Checks.notNull(at, "at");
        return sql.update(
                "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                Sql.millis(at),
                userId);
    }

    @Override
    public List<ApiToken> listByUser(String userId) {
        return sql.query(SELECT + " WHERE user_id = ? ORDER BY created_at DESC, id DESC", JdbcTokenStore::map, userId);
    }

    private static ApiToken map(ResultSet rs) throws SQLException {
        return new ApiToken(
                rs.getString("id"),
                rs.getString("user_id"),
                rs.getString("name"),
                rs.getBytes("secret_hash"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "expires_at"),
                Sql.optionalInstant(rs, "revoked_at"));
    }
}
