package io.hallmark.bench;

import io.hallmark.server.audit.AuditChain;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.AuditSealer;
import io.hallmark.server.audit.ChainHead;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audited writes per second against a raw JDBC insert of the same row, on H2 and PostgreSQL, with 1 and 4 threads.
 *
 * <p>An audited write is one transaction through {@code JdbcDatabase.inTransaction} doing {@link AuditLog#append}:
 * lock the chain head, hash the entry (SHA-256 over RFC 8785 JSON, twice), insert it, move the head, commit. The
 * reference is one transaction inserting the same row into the same table with plain JDBC on a connection of the
 * same pool, committed per row, with its own sequence numbers and without the head. Each trial gets an empty
 * database ({@link ScratchDatabase}), so no benchmark writes after another's rows.
 *
 * <p>Run: {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt) org.openjdk.jmh.Main AuditWrite};
 * add {@code -p store=h2} when no PostgreSQL is configured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditWriteBenchmark {
    /** The row both sides write: a typical operator action on a device. */
    static final AuditRecord RECORD = new AuditRecord(
            "u-7c1e42d9a0b3",
            Optional.of("o-5d2b19e7f4a6"),
            "device.enroll",
            Optional.of("d-000000004242"),
            Outcome.SUCCESS,
            Optional.empty(),
            Optional.of("r-3a9f0c6e1b2d4f58"),
            Severity.INFO,
            Optional.empty());

    private static final Logger LOG = LoggerFactory.getLogger(AuditWriteBenchmark.class);

    static final String INSERT = "INSERT INTO audit_entries (seq, time_ms, actor, org_id, action, target, outcome,"
            + " reason, request_id, severity, break_glass_id, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The store: {@code h2} (embedded, in a temporary directory) or {@code postgresql}. */
    @Param({"h2", "postgresql"})
    public String store;

    private ScratchDatabase scratch;
    private AuditLog auditLog;
    private AuditSealer sealer;
    private DataSource pool;
    // raw rows number from far above any chain seq, so that both kinds could share one table without a clash
    private final AtomicLong rawSeq = new AtomicLong(1_000_000_000_000L);
    // a well-formed chain hash for the raw rows: the raw insert stores a hash, it does not compute one
    private final String rawHash = AuditChain.next(new ChainHead(0, "0".repeat(64)), Instant.EPOCH, RECORD)
            .hash();

    /** Makes an empty database for the trial. */
    @Setup(Level.Trial)
    public void open() {
        scratch = ScratchDatabase.create(store);
        // as the server does: chained at once on H2, deferred to the sealer on PostgreSQL
        auditLog = store.equals("postgresql") ? AuditLog.deferred(Clock.systemUTC()) : new AuditLog(Clock.systemUTC());
        sealer = auditLog.isDeferred() ? AuditSealer.start(auditLog, scratch.database()) : null;
        pool = scratch.database().dataSource();
    }

    /** Closes the database and removes it. */
    @TearDown(Level.Trial)
    public void close() {
        if (sealer != null) {
            long start = System.nanoTime();
            sealer.close(); // chains what is still waiting: the backlog must stay small for the figure to count
            LOG.info(
                    "audit sealer: backlog chained in {} ms at the end of the trial",
                    (System.nanoTime() - start) / 1_000_000);
        }
        scratch.close();
    }

    /** One audited write, one thread. */
    @Benchmark
    @Threads(1)
    public int audited() {
        return auditedWrite();
    }

    /** One audited write, four threads queueing on the chain head. */
    @Benchmark
    @Threads(4)
    public int auditedThreads4() {
        return auditedWrite();
    }

    /** The reference: one raw insert of the same row, one thread. */
    @Benchmark
    @Threads(1)
    public int rawInsert() throws SQLException {
        return rawWrite();
    }

    /** The reference: one raw insert of the same row, four threads. */
    @Benchmark
    @Threads(4)
    public int rawInsertThreads4() throws SQLException {
        return rawWrite();
    }

    int auditedWrite() {
        return scratch.database().inTransaction(stores -> {
            auditLog.record(stores, RECORD);
            return 1;
        });
    }

    int rawWrite() throws SQLException {
        try (Connection c = pool.getConnection()) {
            int rows;
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setLong(1, rawSeq.incrementAndGet());
                ps.setLong(2, System.currentTimeMillis());
                ps.setString(3, RECORD.actor());
                setText(ps, 4, RECORD.orgId());
                ps.setString(5, RECORD.action());
                setText(ps, 6, RECORD.target());
                ps.setString(7, RECORD.outcome().wireName());
                setText(ps, 8, RECORD.reason());
                setText(ps, 9, RECORD.requestId());
                ps.setString(10, RECORD.severity().wireName());
                setText(ps, 11, RECORD.breakGlassId());
                ps.setString(12, rawHash);
                rows = ps.executeUpdate();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            c.commit();
            return rows;
        }
    }

    ScratchDatabase scratch() {
        return scratch;
    }

    private static void setText(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            ps.setString(index, value.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }
}
