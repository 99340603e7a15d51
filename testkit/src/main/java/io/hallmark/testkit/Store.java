package io.hallmark.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The stores every store-touching test runs on: the embedded H2 file database and PostgreSQL.
 *
 * <p>PostgreSQL comes from {@code ./hallmark test}, which starts a throw-away cluster and exports
 * {@code HALLMARK_TEST_PG_URL} and {@code HALLMARK_TEST_PG_ADMIN_URL}. Without them a PostgreSQL case is skipped with a
 * message, unless {@code HALLMARK_REQUIRE_PG=1}, which makes it fail.
 */
public enum Store {
    /** The embedded default: an H2 file database in the server's data directory. */
    H2,
    /** PostgreSQL, a fresh database per server. */
    POSTGRESQL;

    private static final AtomicInteger COUNTER = new AtomicInteger();

    /**
     * A JDBC URL for a new, empty database of this store; empty for H2, where the server makes its own file database.
     */
    public Optional<String> freshDatabaseUrl() {
        if (this == H2) {
            return Optional.empty();
        }
        String admin = System.getenv("HALLMARK_TEST_PG_ADMIN_URL");
        String url = System.getenv("HALLMARK_TEST_PG_URL");
        if (admin == null || url == null) {
            if ("1".equals(System.getenv("HALLMARK_REQUIRE_PG"))) {
                Assertions.fail("HALLMARK_REQUIRE_PG=1 but HALLMARK_TEST_PG_URL is not set");
            }
            Assumptions.abort("PostgreSQL not provided (run ./hallmark test): skipped");
        }
        String name = "hm_it_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(admin);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        return Optional.of(url.substring(0, slash + 1) + name + (query < 0 ? "" : url.substring(query)));
    }
}
