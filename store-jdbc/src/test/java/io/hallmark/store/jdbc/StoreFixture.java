package io.hallmark.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database for one test: H2 in a new temporary directory, or a new schema in the PostgreSQL database
 * named by {@code HALLMARK_TEST_PG_URL}. Closing it closes the database and removes what it made.
 */
final class StoreFixture implements AutoCloseable {
    /** The PostgreSQL test database, as the test script exports it. */
    static final String PG_URL_VARIABLE = "HALLMARK_TEST_PG_URL";
    /** Set to 1 to fail, not skip, the PostgreSQL runs when there is no PostgreSQL. */
    static final String REQUIRE_PG_VARIABLE = "HALLMARK_REQUIRE_PG";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Which database. */
    enum Kind {
        H2("h2"),
        POSTGRESQL("postgresql");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final Kind kind;
    private final String url;
    private final Runnable cleanup;
    private JdbcDatabase database;

    private StoreFixture(Kind kind, String url, Runnable cleanup) {
        this.kind = kind;
        this.url = url;
        this.cleanup = cleanup;
    }

    /** Skips the test when no PostgreSQL is configured, or fails it when one is required. */
    static void checkPostgresConfigured() {
        String url = System.getenv(PG_URL_VARIABLE);
        if (url == null && "1".equals(System.getenv(REQUIRE_PG_VARIABLE))) {
            Assertions.fail(REQUIRE_PG_VARIABLE + "=1 but " + PG_URL_VARIABLE + " is not set");
        }
        Assumptions.assumeTrue(
                url != null,
                PG_URL_VARIABLE + " is not set: PostgreSQL run skipped (./hallmark test starts a PostgreSQL)");
    }

    /** Makes an empty database of {@code kind}; nothing is opened yet. */
    static StoreFixture create(Kind kind) {
        return switch (kind) {
            case H2 -> createH2();
            case POSTGRESQL -> createPostgres();
        };
    }

    private static StoreFixture createH2() {
        try {
            Path dir = Files.createTempDirectory("hallmark-store-");
            return new StoreFixture(Kind.H2, JdbcDatabase.h2FileUrl(dir), () -> deleteTree(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StoreFixture createPostgres() {
        checkPostgresConfigured();
        String base = System.getenv(PG_URL_VARIABLE);
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String schema = "t_" + HexFormat.of().formatHex(random);
        execute(base, "CREATE SCHEMA " + schema);
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new StoreFixture(Kind.POSTGRESQL, url, () -> execute(base, "DROP SCHEMA " + schema + " CASCADE"));
    }

    Kind kind() {
        return kind;
    }

    /** The JDBC URL of this database. */
    String url() {
        return url;
    }

    /** The database, opened (and migrated) on first use. */
    JdbcDatabase database() {
        if (database == null) {
            database = JdbcDatabase.open(url, null, null);
        }
        return database;
    }

    /** Closes the database and opens it again from the same URL. */
    JdbcDatabase reopen() {
        if (database != null) {
            database.close();
            database = null;
        }
        return database();
    }

    @Override
    public void close() {
        if (database != null) {
            database.close();
        }
        cleanup.run();
    }

    private static void execute(String url, String statement) {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL fixture: " + statement, e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
