package io.hallmark.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hallmark.core.Checks;
import io.hallmark.server.persistence.Stores;
import io.hallmark.server.persistence.Transactor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores over JDBC: an H2 file database (the embedded default) or PostgreSQL, behind one {@link Transactor}.
 *
 * <p>{@link #open} makes a HikariCP pool and applies the Flyway migrations in {@code classpath:db/migration}, the same
 * portable SQL for both databases; reopening an up-to-date database applies nothing. Every transaction runs on one
 * connection at READ COMMITTED; a unique key taken becomes a {@link io.hallmark.server.persistence.ConflictException},
 * any other database error an {@link IllegalStateException} whose message holds no SQL (the driver's exception is
 * its cause). Audit appends are serialized by a row lock on the chain head, which holds across server replicas
 * sharing one PostgreSQL.
 *
 * <pre>{@code
 * try (JdbcDatabase db = JdbcDatabase.open(JdbcDatabase.h2FileUrl(dataDir), null, null)) {
 *     db.inTransaction(stores -> { stores.organizations().insert(org); return auditLog.append(stores, record); });
 * }
 * }</pre>
 */
public final class JdbcDatabase implements Transactor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDatabase.class);
    private static final int POOL_SIZE = 10;

    /*
     * H2 settings of the embedded default, and why:
     * - WRITE_DELAY=0: H2 2.x (MVStore) otherwise writes committed changes from a background thread up to 500 ms
     *   later, so a killed process loses its last commits. With 0, each commit writes its chunk to the file before
     *   returning (a write, no fsync: it survives the process being killed, not the machine losing power).
     * - DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the database under the server while it is still
     *   draining requests; close() closes it instead, and with WRITE_DELAY=0 an unclosed database loses nothing.
     * - LOCK_TIMEOUT=10000: appenders queue on the audit head row; H2's default of 1 s would fail them under load,
     *   where PostgreSQL waits.
     * WRITE_DELAY=0 also stops H2's background thread, and with it the compaction of sparse chunks: H2Compactor
     * does that instead. Disk use: committed-over chunks are kept for H2's retention time (45 s, what keeps the file
     * consistent after a power loss, as no commit is fsync'ed), so a sustained burst holds rate x 45 s x ~10 KB.
     * - QUERY_CACHE_SIZE=64: each session keeps that many parsed statements (H2's default, 8, is fewer than one
     *   device request runs, so hot statements were parsed again on every request).
     * DB_CLOSE_DELAY stays at its default (close with the last connection, i.e. with the pool) and AUTO_SERVER off:
     * one process owns the file.
     */
    private static final String H2_SETTINGS =
            ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64";

    /*
     * H2 runs one write transaction at a time (H2Writer). Its MVStore writes a chunk at each commit, but that write is
     * not atomic across the database's maps (h2database issue #2080): a commit that runs while another transaction
     * changes maps can store one map as it was before that change and another as it was after, and a commit that
     * finds the store busy returns before its own changes are written. Killed at such a moment, the server lost an
     * acknowledged audit entry while the next one survived (CrashRecoveryIT). With one writer, each commit's chunk
     * holds a consistent state including that commit, written before the caller is answered. Reads are not
     * serialized; PostgreSQL is not affected.
     */
    private final HikariDataSource dataSource;
    private final String dialect;
    private final H2Compactor compactor; // null unless H2
    private final H2Writer writer; // null unless H2
    private final ThreadLocal<Boolean> inTransaction = new ThreadLocal<>();

    private JdbcDatabase(HikariDataSource dataSource, String dialect, H2Writer writer) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.writer = writer;
        this.compactor = writer == null ? null : H2Compactor.start(dataSource, writer);
    }

    /**
     * Opens the database at {@code jdbcUrl} and brings its schema up to date.
     *
     * @param jdbcUrl {@code jdbc:h2:...} (see {@link #h2FileUrl}) or {@code jdbc:postgresql://...}
     * @param user the user, or null when the URL carries it (or H2's default)
     * @param password the password, or null
     * @throws IllegalArgumentException when the URL names another database
     */
    public static JdbcDatabase open(String jdbcUrl, String user, String password) {
        Checks.notBlank(jdbcUrl, "jdbcUrl");
        String dialect = dialectOf(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName("hallmark-" + dialect);
        config.setJdbcUrl(jdbcUrl);
        config.setDriverClassName(dialect.equals("h2") ? "org.h2.Driver" : "org.postgresql.Driver");
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(POOL_SIZE);
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            var result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            LOG.info(
                    "{} database ready at schema version {} ({} migrations applied)",
                    dialect,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new JdbcDatabase(dataSource, dialect, dialect.equals("h2") ? new H2Writer() : null);
    }

    /**
     * The URL of the embedded default: an H2 file database {@code dataDir/db/hallmark.mv.db}, set up so that no
     * committed transaction is lost when the process is killed.
     */
    public static String h2FileUrl(Path dataDir) {
        Checks.notNull(dataDir, "dataDir");
        String file = dataDir.toAbsolutePath()
                .normalize()
                .resolve("db")
                .resolve("hallmark")
                .toString();
        Checks.check(!file.contains(";"), "dataDir", dataDir, "a path without ';'");
        return "jdbc:h2:file:" + file + H2_SETTINGS;
    }

    /** The pool, for tools that need plain JDBC (benchmarks, tamper tests); the stores do not go through it. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** {@code h2} or {@code postgresql}. */
    public String dialect() {
        return dialect;
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        return run(work, false);
    }

    @Override
    public <T> T read(Work<T> work) {
        return run(work, true);
    }

    /** Closes the pool; an H2 database closes with its last connection. */
    @Override
    public void close() {
        if (compactor != null) {
            compactor.close();
        }
        dataSource.close();
    }

    private <T> T run(Work<T> work, boolean readOnly) {
        Checks.notNull(work, "work");
        Checks.checkState(inTransaction.get() == null, "transaction", "already open on this thread", "no nesting");
        inTransaction.set(Boolean.TRUE);
        boolean serialized = !readOnly && writer != null;
        if (serialized) {
            writer.acquire();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(readOnly);
            return runOn(connection, work);
        } catch (SQLException e) {
            throw Sql.failure(e);
        } finally {
            if (serialized) {
                writer.release();
            }
            inTransaction.remove();
        }
    }

    private static <T> T runOn(Connection connection, Work<T> work) {
        Sql sql = new Sql(connection);
        T result;
        try {
            Stores stores = new JdbcStores(sql);
            result = work.run(stores);
        } catch (RuntimeException | Error e) {
            sql.end();
            rollback(connection, e);
            throw e;
        }
        sql.end();
        try {
            connection.commit();
        } catch (SQLException e) {
            rollback(connection, e);
            throw Sql.translate(e, "the transaction conflicts with another");
        }
        return result;
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static String dialectOf(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return "h2";
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "postgresql";
        }
        // only the scheme: the rest of a URL may hold a password
        String scheme = jdbcUrl.substring(0, Math.max(0, jdbcUrl.indexOf(':', jdbcUrl.indexOf(':') + 1)));
        throw new IllegalArgumentException("jdbcUrl: " + scheme + ":... (expected: jdbc:h2: or jdbc:postgresql:)");
    }
}
