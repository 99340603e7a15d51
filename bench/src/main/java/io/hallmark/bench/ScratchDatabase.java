package io.hallmark.bench;

import io.hallmark.store.jdbc.JdbcDatabase;
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

/**
 * An empty, migrated database that a benchmark owns: H2 in a new temporary directory (the embedded default's URL and
 * settings), or a new schema in the PostgreSQL database named by {@value #PG_URL_VARIABLE}. Closing it closes the
 * pool and removes what it made, so a benchmark never writes into data it did not create.
 */
final class ScratchDatabase implements AutoCloseable {
    /** The PostgreSQL database to make schemas in, as {@code scripts/test-services.sh} exports it. */
    static final String PG_URL_VARIABLE = "HALLMARK_TEST_PG_URL";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcDatabase database;
    private final Runnable cleanup;

    private ScratchDatabase(JdbcDatabase database, Runnable cleanup) {
        this.database = database;
        this.cleanup = cleanup;
    }

    /**
     * Makes and opens a database of {@code kind}: {@code h2} or {@code postgresql}.
     *
     * @throws IllegalStateException when {@code kind} is {@code postgresql} and {@value #PG_URL_VARIABLE} is unset
     */
    static ScratchDatabase create(String kind) {
        return switch (kind) {
            case "h2" -> createH2();
            case "postgresql" -> createPostgres(System.getenv(PG_URL_VARIABLE));
            default -> throw new IllegalArgumentException("store: " + kind + " (expected: h2 or postgresql)");
        };
    }

    private static ScratchDatabase createH2() {
        Path dir;
        try {
            dir = Files.createTempDirectory("hallmark-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return open(JdbcDatabase.h2FileUrl(dir), () -> deleteTree(dir));
    }

    private static ScratchDatabase createPostgres(String base) {
        if (base == null || base.isBlank()) {
            throw new IllegalStateException(PG_URL_VARIABLE
                    + ": not set (expected: a jdbc:postgresql: URL; see docs/benchmarks.md, or run with -p store=h2)");
        }
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String schema = "bench_" + HexFormat.of().formatHex(random);
        execute(base, "CREATE SCHEMA " + schema);
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return open(url, () -> execute(base, "DROP SCHEMA " + schema + " CASCADE"));
    }

    private static ScratchDatabase open(String url, Runnable cleanup) {
        try {
            return new ScratchDatabase(JdbcDatabase.open(url, null, null), cleanup);
        } catch (RuntimeException e) {
            cleanup.run();
            throw e;
        }
    }

    /** The opened database. */
    JdbcDatabase database() {
        return database;
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            cleanup.run();
        }
    }

    private static void execute(String url, String statement) {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + statement + " failed", e);
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
