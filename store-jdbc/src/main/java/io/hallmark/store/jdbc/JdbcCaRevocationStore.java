package io.hallmark.store.jdbc;

import io.hallmark.server.identity.CaRevocation;
import io.hallmark.server.identity.CaRevocationStore;
import io.hallmark.server.pki.CertificateStatus;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Revoked issuing CAs in {@code ca_revocations}. */
final class JdbcCaRevocationStore implements CaRevocationStore {
    private static final String SELECT =
            "SELECT ca_alias, org_id, root_alias, serial_hex, reason, revoked_at, revoked_by FROM ca_revocations";

    private final Sql sql;

    JdbcCaRevocationStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(CaRevocation r) {
        sql.insert(
                "issuing CA " + r.caAlias() + " is already revoked",
                "INSERT INTO ca_revocations (ca_alias, org_id, root_alias, serial_hex, reason, revoked_at, revoked_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                r.caAlias(),
                r.orgId(),
                r.rootAlias(),
                r.serialHex(),
                r.reason().name(),
                Sql.millis(r.revokedAt()),
                r.revokedBy());
    }

    @Override
    public Optional<CaRevocation> find(String caAlias) {
        return sql.queryOne(SELECT + " WHERE ca_alias = ?", JdbcCaRevocationStore::revocation, caAlias);
    }

    @Override
    public List<CaRevocation> byRoot(String rootAlias) {
        return sql.query(
                SELECT + " WHERE root_alias = ? ORDER BY revoked_at, ca_alias",
                JdbcCaRevocationStore::revocation,
                rootAlias);
    }

    @Override
    public List<CaRevocation> all() {
        return sql.query(SELECT + " ORDER BY revoked_at, ca_alias", JdbcCaRevocationStore::revocation);
    }

    private static CaRevocation revocation(ResultSet rs) throws SQLException {
        return new CaRevocation(
                rs.getString("org_id"),
                rs.getString("ca_alias"),
                rs.getString("root_alias"),
                new BigInteger(rs.getString("serial_hex"), 16),
                CertificateStatus.Reason.valueOf(rs.getString("reason")),
                Sql.instant(rs, "revoked_at"),
                rs.getString("revoked_by"));
    }
}
