package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.server.identity.Product;
import io.hallmark.server.identity.ProductStore;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Products in table {@code products}; the support date is stored as ISO text. */
final class JdbcProductStore implements ProductStore {
    private static final String SELECT =
            "SELECT id, org_id, model, name, hardware_type, support_until, created_at FROM products";

    private final Sql sql;

    JdbcProductStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Product p) {
        Checks.notNull(p, "product");
        sql.insert(
                "the manufacturer already has a product with this model",
                "INSERT INTO products (id, org_id, model, name, hardware_type, support_until, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                p.id(),
                p.orgId(),
                p.model(),
                p.name(),
                p.hardwareType(),
                Sql.text(p.supportUntil().map(LocalDate::toString)),
                Sql.millis(p.createdAt()));
    }

    @Override
    public Optional<Product> findById(String id) {
        return sql.queryOne(SELECT + " WHERE id = ?", JdbcProductStore::map, id);
    }

    @Override
    public Optional<Product> findByModel(String orgId, String model) {
        return sql.queryOne(SELECT + " WHERE org_id = ? AND model = ?", JdbcProductStore::map, orgId, model);
    }

    @Override
    public void putMud(String productId, byte[] mud, java.time.Instant at) {
        sql.update("DELETE FROM product_mud WHERE product_id = ?", productId);
        sql.update(
                "INSERT INTO product_mud (product_id, sha256, mud, updated_at) VALUES (?, ?, ?, ?)",
                productId,
                io.hallmark.core.Hashes.hex(io.hallmark.core.Hashes.sha256(mud)),
                mud,
                Sql.millis(at));
    }

    @Override
    public Optional<byte[]> findMud(String productId) {
        return sql.queryOne("SELECT mud FROM product_mud WHERE product_id = ?", rs -> rs.getBytes("mud"), productId);
    }

    @Override
    public Page<Product> list(String orgId, PageRequest page) {
        int fetch = page.limit() + 1;
        List<Product> rows = page.after().isPresent()
                ? sql.query(
                        SELECT + " WHERE org_id = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY",
                        JdbcProductStore::map,
                        orgId,
                        page.after().get(),
                        fetch)
                : sql.query(
                        SELECT + " WHERE org_id = ? ORDER BY id FETCH FIRST ? ROWS ONLY",
                        JdbcProductStore::map,
                        orgId,
                        fetch);
        return Page.of(rows, page.limit(), Product::id);
    }

    private static Product map(ResultSet rs) throws SQLException {
        return new Product(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("model"),
                rs.getString("name"),
                rs.getString("hardware_type"),
                Sql.optionalText(rs, "support_until").map(LocalDate::parse),
                Sql.instant(rs, "created_at"));
    }

    @Override
    public void putLimits(String productId, String limitsJson, java.time.Instant at) {
        sql.update("DELETE FROM product_behaviour_limits WHERE product_id = ?", productId);
        sql.update(
                "INSERT INTO product_behaviour_limits (product_id, limits, updated_at) VALUES (?, ?, ?)",
                productId,
                limitsJson,
                Sql.millis(at));
    }

    @Override
    public Optional<String> findLimits(String productId) {
        return sql.queryOne(
                "SELECT limits FROM product_behaviour_limits WHERE product_id = ?",
                rs -> rs.getString("limits"),
                productId);
    }
}
