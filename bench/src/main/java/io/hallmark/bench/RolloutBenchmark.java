package io.hallmark.bench;

import io.hallmark.core.Ids;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.update.Rollout;
import io.hallmark.server.update.RolloutSelector;
import io.hallmark.server.update.RolloutWaves;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A rollout over a synthetic fleet of {@code devices} active devices of one product, inserted directly into a fresh
 * store, in waves of 1 %, 10 %, 50 % and 100 %; each step is timed on its own, as the server runs it (one
 * transaction): {@link #create} (counting the selection and releasing the first wave) and {@link #advance} to wave
 * {@code 2}, {@code 3} or {@code 4} (the rollout is first created and advanced to the wave before, untimed). The
 * assignments are removed after each shot (TRUNCATE, untimed), so the next one selects the whole fleet again.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
        value = 1,
        jvmArgs = {"-Xms2g", "-Xmx2g"})
public class RolloutBenchmark {
    private static final List<String> WAVES = List.of("1%", "10%", "50%", "100%");
    private static final int CHUNK = 100_000;

    /** How many devices the fleet has. */
    @Param("1000000")
    public int devices;

    private ScratchPlatform platform;
    private Transactor db;
    private Organization maker;
    private Organization owner;
    private String productId;
    private String releaseId;
    private Rollout current;
    private List<Long> counts = List.of();

    /** The wave an {@link #advance} shot releases: 2, 3 or 4 (of 1 %, 10 %, 50 %, 100 %). */
    @State(Scope.Benchmark)
    public static class Wave {
        /** The wave, 2..4. */
        @Param({"2", "3", "4"})
        public int wave;

        /** Creates a rollout and advances it to the wave before (untimed). */
        @Setup(Level.Invocation)
        public void before(RolloutBenchmark b) {
            b.create();
            for (int w = 2; w < wave; w++) {
                b.advanceTo(w);
            }
        }

        /** Removes the assignments. */
        @TearDown(Level.Invocation)
        public void after(RolloutBenchmark b) throws SQLException {
            b.reset();
        }
    }

    /** Removes the assignments after a {@link #create} shot. */
    @State(Scope.Benchmark)
    public static class Cleanup {
        /** Removes the assignments. */
        @TearDown(Level.Invocation)
        public void after(RolloutBenchmark b) throws SQLException {
            b.reset();
        }
    }

    /** The platform, a manufacturer with a product and a release, an owner and its fleet. */
    @Setup(Level.Trial)
    public void fleet() throws SQLException {
        platform = ScratchPlatform.create();
        maker = platform.access().createOrganization(platform.admin(), "Maker", Set.of(OrgKind.MANUFACTURER));
        owner = platform.access().createOrganization(platform.admin(), "Fleet Owner", Set.of(OrgKind.OWNER));
        db = platform.scratch().database();
        productId = Ids.newId("prd");
        releaseId = Ids.newId("rel");
        long now = Instant.now().toEpochMilli();
        try (Connection c = platform.scratch().database().dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO products (id, org_id, model, name,"
                            + " hardware_type, support_until, created_at) VALUES (?, ?, 'hub-1', 'Hub', '2.25.1',"
                            + " NULL, ?)");
                    PreparedStatement r = c.prepareStatement("INSERT INTO releases (id, org_id, product_id,"
                            + " product_model, version, target_path, image_sha256, image_length, sbom_sha256,"
                            + " measurements, hardware, security, state, published_by, published_at) VALUES (?, ?, ?,"
                            + " 'hub-1', '2.0.0', 'hub-1/2.0.0/hub.img', ?, 1, NULL, '', '', FALSE, 'PUBLISHED',"
                            + " 'usr_bench', ?)")) {
                p.setString(1, productId);
                p.setString(2, maker.id());
                p.setLong(3, now);
                p.executeUpdate();
                r.setString(1, releaseId);
                r.setString(2, maker.id());
                r.setString(3, productId);
                r.setString(4, "ab".repeat(32));
                r.setLong(5, now);
                r.executeUpdate();
            }
            // set-based, in chunks: H2's SYSTEM_RANGE numbers the devices
            try (PreparedStatement d = c.prepareStatement("INSERT INTO devices (id, serial, namespace,"
                    + " manufacturer_id, product_id, owner_id, state, approved, enrollment_requested_at, created_at,"
                    + " updated_at) SELECT 'dev_bench' || LPAD(CAST(X AS VARCHAR), 11, '0'),"
                    + " 'SN-' || LPAD(CAST(X AS VARCHAR), 9, '0'), ?, ?, ?, ?, 'ACTIVE', TRUE, NULL, ?, ?"
                    + " FROM SYSTEM_RANGE(?, ?)")) {
                for (int from = 0; from < devices; from += CHUNK) {
                    d.setString(1, maker.id());
                    d.setString(2, maker.id());
                    d.setString(3, productId);
                    d.setString(4, owner.id());
                    d.setLong(5, now);
                    d.setLong(6, now);
                    d.setLong(7, from);
                    d.setLong(8, Math.min(devices, from + CHUNK) - 1L);
                    d.executeUpdate();
                    c.commit();
                }
            }
        }
    }

    /** Removes the database and the vault. */
    @TearDown(Level.Trial)
    public void close() {
        if (platform != null) {
            platform.close();
        }
    }

    /** Creates a rollout over the fleet: the selection counted, the first wave released; returns the devices assigned. */
    @Benchmark
    public long create(Cleanup cleanup) {
        return create();
    }

    /** Advances a rollout to the wave of {@code w}; returns the devices the wave assigned. */
    @Benchmark
    public long advance(Wave w) {
        return advanceTo(w.wave);
    }

    long create() {
        Instant now = Instant.now();
        Rollout draft = new Rollout(
                Ids.newId("rol"),
                owner.id(),
                releaseId,
                productId,
                RolloutSelector.PRODUCT,
                WAVES,
                List.of(0L, 0L, 0L, 0L),
                0,
                95,
                5,
                0,
                Optional.empty(),
                false,
                Rollout.State.RUNNING,
                Optional.empty(),
                0,
                0,
                0,
                0,
                "usr_bench",
                now,
                now);
        current = draft;
        return db.<Long>inTransaction(s -> {
            s.rollouts().insert(draft);
            long total = s.rollouts().countDevices(draft, maker.id());
            counts = RolloutWaves.counts(WAVES, total);
            return s.rollouts().release(draft, maker.id(), 0, counts.get(0), now);
        });
    }

    /** Releases wave {@code wave} (1-based) of the current rollout, as the server does after the one before. */
    long advanceTo(int wave) {
        Instant now = Instant.now();
        int i = wave - 1;
        long take = i == counts.size() - 1 ? Long.MAX_VALUE : counts.get(i) - counts.get(i - 1);
        return db.<Long>inTransaction(s -> s.rollouts().release(current, maker.id(), i, take, now));
    }

    /** Removes every assignment (the benchmark owns the database). */
    void reset() throws SQLException {
        try (Connection c = platform.scratch().database().dataSource().getConnection();
                var st = c.createStatement()) {
            st.execute("TRUNCATE TABLE rollout_devices");
        }
    }
}
