package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.OrganizationStore;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Organizations in table {@code organizations}; kinds are stored as comma-separated constant names. */
final class JdbcOrganizationStore implements OrganizationStore {
    private static final String SELECT = "SELECT id, name, kinds, created_at FROM organizations";

    private final Sql sql;

    JdbcOrganizationStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Organization o) {
        Checks.notNull(o, "organization");
        sql.insert(
                "organization name already exists",
                "INSERT INTO organizations (id, name, kinds, created_at) VALUES (?, ?, ?, ?)",
                o.id(),
                o.name(),
                Sql.names(o.kinds()),
                Sql.millis(o.createdAt()));
    }

    @Override
    public Optional<Organization> findById(String id) {
        return sql.queryOne(SELECT + " WHERE id = ?", JdbcOrganizationStore::map, id);
    }

    @Override
    public Optional<Organization> findByName(String name) {
        return sql.queryOne(SELECT + " WHERE name = ?", JdbcOrganizationStore::map, name);
    }

    @Override
    public Page<Organization> list(PageRequest page) {
        int fetch = page.limit() + 1;
        List<Organization> rows = page.after().isPresent()
                ? sql.query(
                        SELECT + " WHERE id > ? ORDER BY id FETCH FIRST ? ROWS ONLY",
                        JdbcOrganizationStore::map,
                        page.after().get(),
                        fetch)
                : sql.query(SELECT + " ORDER BY id FETCH FIRST ? ROWS ONLY", JdbcOrganizationStore::map, fetch);
        return Page.of(rows, page.limit(), Organization::id);
    }

    private static Organization map(ResultSet rs) throws SQLException {
        return new Organization(
                rs.getString("id"),
                rs.getString("name"),
                Sql.enums(OrgKind.class, rs.getString("kinds")),
                Sql.instant(rs, "created_at"));
    }
}
