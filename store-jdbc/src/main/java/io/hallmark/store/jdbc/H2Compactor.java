package io.hallmark.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the file of an embedded H2 database in the background, as H2's own writer thread would.
 *
 * <p>Why it exists: with {@code WRITE_DELAY=0} (see {@link JdbcDatabase}) H2 runs no background thread, so nothing
 * rewrites the chunks that old, never-changing pages keep alive. An append-only table such as the audit log leaves
 * one such chunk every few commits, and the file grows by kilobytes per transaction for ever. Every second this asks
 * the MVStore to rewrite a bounded amount of those sparse chunks; the space they held is reused once H2's retention
 * time (45 s) has passed.
 *
 * <p>It reaches the MVStore through H2's engine classes ({@code SessionLocal}), which H2 does not promise to keep; if
 * they do not fit (another H2 version, a server-mode URL) it logs once and stops. It never affects what is committed:
 * a rewrite moves pages, it does not change them.
 */
final class H2Compactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Compactor.class);
    private static final long INTERVAL_MILLIS = 1000;
    /** Rewrite when less than this share (percent) of the chunk space holds live pages. */
    private static final int TARGET_FILL_RATE = 50;
    /** At most this many bytes per run, so that commits, which wait for the store lock, pause only briefly. */
    private static final int WRITE_LIMIT = 2 * 1024 * 1024;

    private final DataSource dataSource;
    private final H2Writer writer;
    private final ScheduledExecutorService scheduler;

    private H2Compactor(DataSource dataSource, H2Writer writer) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "hallmark-h2-compactor");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts compacting the database behind {@code dataSource} every second, each time only if no write transaction
     * holds {@code writer} (a rewrite stores the file as a commit does, and must not run beside one).
     */
    static H2Compactor start(DataSource dataSource, H2Writer writer) {
        H2Compactor compactor = new H2Compactor(dataSource, writer);
        compactor.scheduler.scheduleWithFixedDelay(
                compactor::run, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return compactor;
    }

    private void run() {
        if (!writer.tryAcquire()) {
            return; // writes are going on: the next second
        }
        try {
            compactOnce(dataSource);
        } catch (UnsupportedOperationException e) {
            LOG.info("H2 file compaction is off: {}", e.getMessage());
            scheduler.shutdown();
        } catch (SQLException | RuntimeException e) {
            // the next run tries again; a closed pool ends the scheduler through close()
            LOG.warn("H2 file compaction failed", e);
        } finally {
            writer.release();
        }
    }

    /**
     * Rewrites up to {@link #WRITE_LIMIT} bytes of sparse chunks, if the file has any.
     *
     * @return whether anything was rewritten
     * @throws UnsupportedOperationException when the database is not an embedded H2 file this H2 version can reach
     */
    static boolean compactOnce(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            MVStore store = mvStoreOf(c)
                    .orElseThrow(() -> new UnsupportedOperationException("not an embedded H2 file database"));
            return store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
        }
    }

    private static Optional<MVStore> mvStoreOf(Connection c) throws SQLException {
        if (!c.isWrapperFor(JdbcConnection.class)
                || !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)
                || !session.getDatabase().isPersistent()) {
            return Optional.empty();
        }
        return Optional.ofNullable(session.getDatabase().getStore()).map(store -> store.getMvStore());
    }

    @Override
    public void close() {
        // never interrupt: an interrupt during file I/O closes H2's file channel under the database
        scheduler.shutdown();
        try {
            // a run in progress holds a pooled connection; let it finish before the pool closes
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
