package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.server.identity.TrustedManufacturer;
import io.hallmark.server.identity.VoucherRecord;
import io.hallmark.server.identity.VoucherStore;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Vouchers in {@code vouchers}, trusted manufacturers in {@code trusted_manufacturers}. */
final class JdbcVoucherStore implements VoucherStore {
    private static final String SELECT = "SELECT id, serial, device_id, issuer_org, holder_org, kind, pinned_sha256,"
            + " nonce, expires_at, created_at, jws FROM vouchers";
    private static final String SELECT_TRUSTED =
            "SELECT org_id, sha256, name, der, created_at FROM trusted_manufacturers";

    private final Sql sql;

    JdbcVoucherStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(VoucherRecord v) {
        Checks.notNull(v, "voucher");
        sql.insert(
                "the device already has a voucher for this nonce (a replayed voucher request)",
                "INSERT INTO vouchers (id, serial, device_id, issuer_org, holder_org, kind, pinned_sha256, nonce,"
                        + " expires_at, created_at, jws) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                v.id(),
                v.serial(),
                Sql.text(v.deviceId()),
                Sql.text(v.issuerOrg()),
                Sql.text(v.holderOrg()),
                v.kind().name(),
                v.pinnedSha256(),
                Sql.text(v.nonce()),
                Sql.millis(v.expiresAt()),
                Sql.millis(v.createdAt()),
                v.jws());
    }

    @Override
    public List<VoucherRecord> forDevice(String deviceId) {
        return sql.query(SELECT + " WHERE device_id = ? ORDER BY created_at, id", JdbcVoucherStore::map, deviceId);
    }

    @Override
    public Page<VoucherRecord> list(String orgId, PageRequest page) {
        int fetch = page.limit() + 1;
        List<VoucherRecord> rows = page.after().isPresent()
                ? sql.query(
                        SELECT + " WHERE (issuer_org = ? OR holder_org = ?) AND id < ? ORDER BY id DESC"
                                + " FETCH FIRST ? ROWS ONLY",
                        JdbcVoucherStore::map,
                        orgId,
                        orgId,
                        page.after().get(),
                        fetch)
                : sql.query(
                        SELECT + " WHERE issuer_org = ? OR holder_org = ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY",
                        JdbcVoucherStore::map,
                        orgId,
                        orgId,
                        fetch);
        return Page.of(rows, page.limit(), VoucherRecord::id);
    }

    @Override
    public void addTrusted(TrustedManufacturer m) {
        if (sql.queryOne(
                        SELECT_TRUSTED + " WHERE org_id = ? AND sha256 = ?",
                        JdbcVoucherStore::mapTrusted,
                        m.orgId(),
                        m.sha256())
                .isPresent()) {
            return;
        }
        sql.update(
                "INSERT INTO trusted_manufacturers (org_id, sha256, name, der, created_at) VALUES (?, ?, ?, ?, ?)",
                m.orgId(),
                m.sha256(),
                m.name(),
                m.der(),
                Sql.millis(m.createdAt()));
    }

    @Override
    public List<TrustedManufacturer> trusted(String orgId) {
        return sql.query(
                SELECT_TRUSTED + " WHERE org_id = ? ORDER BY created_at, sha256", JdbcVoucherStore::mapTrusted, orgId);
    }

    @Override
    public List<TrustedManufacturer> allTrusted() {
        return sql.query(SELECT_TRUSTED + " ORDER BY org_id, sha256", JdbcVoucherStore::mapTrusted);
    }

    private static VoucherRecord map(ResultSet rs) throws SQLException {
        return new VoucherRecord(
                rs.getString("id"),
                rs.getString("serial"),
                Sql.optionalText(rs, "device_id"),
                Sql.optionalText(rs, "issuer_org"),
                Sql.optionalText(rs, "holder_org"),
                VoucherRecord.Kind.valueOf(rs.getString("kind")),
                rs.getString("pinned_sha256"),
                Sql.optionalText(rs, "nonce"),
                Sql.optionalInstant(rs, "expires_at"),
                Sql.instant(rs, "created_at"),
                rs.getString("jws"));
    }

    private static TrustedManufacturer mapTrusted(ResultSet rs) throws SQLException {
        return new TrustedManufacturer(
                rs.getString("org_id"),
                rs.getString("sha256"),
                rs.getString("name"),
                rs.getBytes("der"),
                Sql.instant(rs, "created_at"));
    }
}
