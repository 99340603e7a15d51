package io.hallmark.bench;

import io.hallmark.core.Ids;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.update.Rollout;
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
 * A rollout over a synthetic fleet of {@code devices} active devices of one product inserted directly into a fresh
 * store: one operation creates the rollout (the set-based selection of every device, then the first wave of 1 %)
 * and advances it through 10 %, 50 % and 100 %, each step one transaction as the server runs it. Each step's time is
 * reported by {@link #steps()} for the smoke test; JMH times the whole (single shot). The rollout's assignments are
 * cancelled after each operation, so the next one selects the whole fleet again.
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

    /** How many devices the fleet has. */
    @Param("1000000")
    public int devices;

    private ScratchPlatform platform;
    private Transactor db;
    private Organization maker;
    private Organization owner;
    private String productId;
    private String releaseId;
    private long[] lastSteps = new long[0];

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
            try (PreparedStatement d = c.prepareStatement("INSERT INTO devices (id, serial, namespace, manufacturer_id,"
                    + " product_id, owner_id, state, approved, enrollment_requested_at, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE', TRUE, NULL, ?, ?)")) {
                for (int i = 0; i < devices; i++) {
                    d.setString(1, String.format("dev_bench%011d", i));
                    d.setString(2, String.format("SN-%09d", i));
                    d.setString(3, maker.id());
                    d.setString(4, maker.id());
                    d.setString(5, productId);
                    d.setString(6, owner.id());
                    d.setLong(7, now);
                    d.setLong(8, now);
                    d.addBatch();
                    if (i % 5_000 == 4_999 || i == devices - 1) {
                        d.executeBatch();
                        c.commit();
                    }
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

    /** Creates a rollout over the fleet and advances it through every wave; returns the devices assigned. */
    @Benchmark
    public long rollout() {
        Instant now = Instant.now();
        long[] steps = new long[WAVES.size()];
        Rollout draft = new Rollout(
                Ids.newId("rol"),
                owner.id(),
                releaseId,
                productId,
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
        long t0 = System.nanoTime();
        List<Long> counts = db.inTransaction(s -> {
            s.rollouts().insert(draft);
            long total = s.rollouts().selectDevices(draft, maker.id(), now);
            List<Long> c = RolloutWaves.counts(WAVES, total);
            s.rollouts().release(draft.id(), c.get(0), now);
            return c;
        });
        steps[0] = System.nanoTime() - t0;
        long assigned = counts.get(0);
        for (int w = 1; w < counts.size(); w++) {
            long upTo = counts.get(w);
            long t = System.nanoTime();
            assigned += db.<Long>inTransaction(s -> s.rollouts().release(draft.id(), upTo, now));
            steps[w] = System.nanoTime() - t;
        }
        lastSteps = steps;
        db.inTransaction(s -> s.rollouts().cancelDevices(draft.id(), "benchmark", now));
        return assigned;
    }

    /** The nanoseconds of each step of the last operation: create with the first wave, then each advance. */
    long[] steps() {
        return lastSteps.clone();
    }
}
