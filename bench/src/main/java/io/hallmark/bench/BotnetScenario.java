package io.hallmark.bench;

import io.hallmark.agent.sim.Attack;
import io.hallmark.agent.sim.SimulatedDevice;
import io.hallmark.core.Ids;
import io.hallmark.protocol.telemetry.TelemetryReport;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.behaviour.AlertService;
import io.hallmark.server.behaviour.BehaviourMonitor;
import io.hallmark.server.behaviour.detect.Finding;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The botnet scenario of the behaviour monitoring issue, in process and in real time: N devices (default 150,000) of
 * one owner report every 10 s, each at its own offset within the interval (so reports arrive evenly, 15,000/s for the
 * default fleet); after the baselines are learned, 10% of them join a flood toward one victim. Reports go through
 * bounded queues to W worker threads, devices sharded by index (one writer per device), and each is judged by the
 * real {@link BehaviourMonitor} with the real alert store and identity service on an embedded H2 database: alerts,
 * fleet incidents and quarantines as in the server. Telemetry transport (TLS, MQTT) is not part of this figure.
 *
 * <p>Prints: attackers, detected (a finding on a malicious report), quarantined, the latency from a malicious
 * report's arrival to its device's quarantine (p50/p95/p99/max, and the share within 5 s), false positives among the
 * healthy over the run, the processing lag, and the heap after a collection.
 *
 * <pre>java -Xmx2g -cp "$CP" io.hallmark.bench.BotnetScenario --devices 150000 --minutes 10</pre>
 */
public final class BotnetScenario {
    private BotnetScenario() {}

    /** Runs the scenario. */
    public static void main(String[] args) throws Exception {
        int devices = intArg(args, "--devices", 150_000);
        int interval = intArg(args, "--interval", 10);
        int compromisePct = intArg(args, "--compromise", 10);
        int attackAt = intArg(args, "--attack-at", 15 * interval);
        int seconds = intArg(args, "--minutes", 10) * 60;
        int workers = intArg(args, "--workers", 2);
        PrintStream out = System.out;
        try (ScratchPlatform p = ScratchPlatform.create()) {
            Organization owner = p.access().createOrganization(p.admin(), "Botnet Owner", Set.of(OrgKind.OWNER));
            p.identity().devices().setQuarantineOnViolation(p.admin(), owner.id(), true);
            Device[] fleet = insert(p, owner.id(), devices);
            out.printf(Locale.ROOT, "%,d active devices inserted%n", devices);
            AlertService alerts =
                    new AlertService(p.deviceTx(), p.auditLog(), p.guard(), p.access(), p.events(), Clock.systemUTC());
            BehaviourMonitor monitor = new BehaviourMonitor(p.identity(), alerts, p.events(), Clock.systemUTC());
            ConcurrentHashMap<String, Long> quarantinedAt = new ConcurrentHashMap<>();
            p.events().subscribe(e -> {
                if (e.kind().equals("device.quarantine")) {
                    quarantinedAt.putIfAbsent(e.subject(), System.nanoTime());
                }
            });
            Run run = new Run(fleet, monitor, interval, devices * compromisePct / 100, attackAt, workers);
            run.quarantinedAt = quarantinedAt;
            run.go(seconds, out);
            report(run, quarantinedAt, out);
        }
    }

    /** One run's state. */
    private static final class Run {
        final Device[] fleet;
        final SimulatedDevice[] sims;
        final long[] offsetNanos;
        final BehaviourMonitor monitor;
        final int interval;
        final int attackers;
        final long attackAtNanos;
        final List<ArrayBlockingQueue<long[]>> shards = new ArrayList<>();
        final AtomicLongArray firstMalicious;
        final AtomicLongArray firstDetected;
        final boolean[] healthyFlagged;
        final AtomicLong processed = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong maxLag = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final Set<String> quarantined = ConcurrentHashMap.newKeySet();
        ConcurrentHashMap<String, Long> quarantinedAt = new ConcurrentHashMap<>();
        long start;

        Run(Device[] fleet, BehaviourMonitor monitor, int interval, int attackers, int attackAt, int workers) {
            this.fleet = fleet;
            this.monitor = monitor;
            this.interval = interval;
            this.attackers = attackers;
            this.attackAtNanos = TimeUnit.SECONDS.toNanos(attackAt);
            this.sims = new SimulatedDevice[fleet.length];
            this.offsetNanos = new long[fleet.length];
            Random r = new Random(42);
            for (int i = 0; i < fleet.length; i++) {
                sims[i] = new SimulatedDevice(fleet[i].serial(), i);
                offsetNanos[i] = (long) (r.nextDouble() * TimeUnit.SECONDS.toNanos(interval));
            }
            this.firstMalicious = new AtomicLongArray(fleet.length);
            this.firstDetected = new AtomicLongArray(fleet.length);
            this.healthyFlagged = new boolean[fleet.length];
            for (int w = 0; w < workers; w++) {
                shards.add(new ArrayBlockingQueue<>(200_000));
            }
        }

        void go(int seconds, PrintStream out) throws InterruptedException {
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < shards.size(); w++) {
                ArrayBlockingQueue<long[]> q = shards.get(w);
                Thread t = new Thread(() -> work(q), "shard-" + w);
                t.start();
                threads.add(t);
            }
            // arrivals in 50 ms slots: every device once per interval, at its own offset
            Integer[] order = new Integer[fleet.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(offsetNanos[a], offsetNanos[b]));
            long slot = TimeUnit.MILLISECONDS.toNanos(50);
            start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long intervalNanos = TimeUnit.SECONDS.toNanos(interval);
            long nextPrint = start + TimeUnit.SECONDS.toNanos(30);
            for (long round = 0; start + round * intervalNanos < end; round++) {
                long roundStart = start + round * intervalNanos;
                int k = 0;
                for (long s = 0; s < intervalNanos && k < order.length; s += slot) {
                    long at = roundStart + s + slot;
                    long wait = at - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    long now = System.nanoTime();
                    while (k < order.length && offsetNanos[order[k]] < s + slot) {
                        int i = order[k++];
                        if (!shards.get(i % shards.size()).offer(new long[] {i, now})) {
                            dropped.incrementAndGet();
                        }
                    }
                }
                if (System.nanoTime() > nextPrint) {
                    nextPrint += TimeUnit.SECONDS.toNanos(30);
                    out.printf(
                            Locale.ROOT,
                            "t=%3ds processed %,d  refused %,d  max lag %d ms  queued %d%n",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                            processed.get(),
                            refused.get(),
                            TimeUnit.NANOSECONDS.toMillis(maxLag.get()),
                            shards.stream().mapToInt(ArrayBlockingQueue::size).sum());
                }
            }
            for (ArrayBlockingQueue<long[]> q : shards) {
                q.put(new long[] {-1, 0});
            }
            for (Thread t : threads) {
                t.join();
            }
        }

        private void work(ArrayBlockingQueue<long[]> q) {
            try {
                while (true) {
                    long[] a = q.take();
                    if (a[0] < 0) {
                        return;
                    }
                    int i = (int) a[0];
                    long arrived = a[1];
                    Device d = fleet[i];
                    if (quarantined.contains(d.id()) || quarantinedAt.containsKey(d.id())) {
                        refused.incrementAndGet(); // the intake refuses a quarantined device
                        continue;
                    }
                    boolean attacker = i < attackers;
                    if (attacker && sims[i].attack() == null && arrived - start >= attackAtNanos) {
                        sims[i].compromise(Attack.FLOOD);
                    }
                    TelemetryReport r = sims[i].next(Instant.now().getEpochSecond(), interval);
                    if (sims[i].attack() != null) {
                        firstMalicious.compareAndSet(i, 0, arrived);
                    }
                    List<Finding> found = monitor.observe(d, r, List.of());
                    long done = System.nanoTime();
                    if (!found.isEmpty()) {
                        if (attacker && sims[i].attack() != null) {
                            firstDetected.compareAndSet(i, 0, done);
                        } else if (!attacker) {
                            healthyFlagged[i] = true;
                        }
                        if (found.stream().anyMatch(f -> f.severity().compareTo(Finding.FindingSeverity.HIGH) >= 0)) {
                            quarantined.add(d.id());
                        }
                    }
                    processed.incrementAndGet();
                    maxLag.accumulateAndGet(done - arrived, Math::max);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void report(Run run, ConcurrentHashMap<String, Long> quarantinedAt, PrintStream out) {
        int turned = 0;
        int detected = 0;
        int quarantined = 0;
        List<Long> latency = new ArrayList<>();
        int within5s = 0;
        int healthyFlagged = 0;
        int healthyQuarantined = 0;
        for (int i = 0; i < run.fleet.length; i++) {
            boolean attacker = i < run.attackers;
            Long q = quarantinedAt.get(run.fleet[i].id());
            if (attacker) {
                long first = run.firstMalicious.get(i);
                if (first == 0) {
                    continue;
                }
                turned++;
                if (run.firstDetected.get(i) != 0) {
                    detected++;
                }
                if (q != null) {
                    quarantined++;
                    long ms = TimeUnit.NANOSECONDS.toMillis(q - first);
                    latency.add(ms);
                    if (ms <= 5_000) {
                        within5s++;
                    }
                }
            } else {
                if (run.healthyFlagged[i]) {
                    healthyFlagged++;
                }
                if (q != null) {
                    healthyQuarantined++;
                }
            }
        }
        latency.sort(null);
        int healthy = run.fleet.length - run.attackers;
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        out.printf(Locale.ROOT, "devices %,d  healthy %,d  attackers turned %,d%n", run.fleet.length, healthy, turned);
        out.printf(
                Locale.ROOT,
                "detected %,d (%.2f%%)  quarantined %,d (%.2f%%)  quarantined within 5 s of the first malicious report"
                        + " %,d (%.2f%%)%n",
                detected,
                pct(detected, turned),
                quarantined,
                pct(quarantined, turned),
                within5s,
                pct(within5s, turned));
        out.printf(
                Locale.ROOT,
                "arrival-to-quarantine latency ms: p50 %d  p95 %d  p99 %d  max %d%n",
                at(latency, 0.50),
                at(latency, 0.95),
                at(latency, 0.99),
                latency.isEmpty() ? -1 : latency.get(latency.size() - 1));
        out.printf(
                Locale.ROOT,
                "false positives: healthy devices with a finding %,d (%.3f%%), healthy quarantined %,d (%.3f%%)%n",
                healthyFlagged,
                pct(healthyFlagged, healthy),
                healthyQuarantined,
                pct(healthyQuarantined, healthy));
        out.printf(
                Locale.ROOT,
                "reports processed %,d  refused (quarantined) %,d  dropped (queue full) %,d  max processing lag %d ms"
                        + "  heap after GC %,d MiB%n",
                run.processed.get(),
                run.refused.get(),
                run.dropped.get(),
                TimeUnit.NANOSECONDS.toMillis(run.maxLag.get()),
                heap >> 20);
    }

    private static Device[] insert(ScratchPlatform p, String ownerId, int n) {
        Device[] fleet = new Device[n];
        Instant now = Instant.now();
        for (int from = 0; from < n; from += 5_000) {
            int to = Math.min(n, from + 5_000);
            for (int i = from; i < to; i++) {
                fleet[i] = new Device(
                        Ids.newId("dev"),
                        String.format(Locale.ROOT, "BOT-%07d", i),
                        ownerId,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(ownerId),
                        DeviceState.ACTIVE,
                        true,
                        Optional.empty(),
                        now,
                        now);
            }
            int a = from;
            p.scratch().database().inTransaction(s -> {
                for (int i = a; i < to; i++) {
                    s.devices().insert(fleet[i]);
                }
                return null;
            });
        }
        return fleet;
    }

    private static double pct(int part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private static long at(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
