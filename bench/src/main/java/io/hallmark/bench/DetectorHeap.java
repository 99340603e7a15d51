package io.hallmark.bench;

import io.hallmark.agent.sim.SimulatedDevice;
import io.hallmark.core.Ids;
import io.hallmark.server.behaviour.detect.Baseline;
import io.hallmark.server.behaviour.detect.Detector;
import io.hallmark.server.behaviour.detect.Thresholds;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The heap the behaviour detector's per-device state takes: N devices (default 1,000,000), each with a baseline
 * learned from 12 simulated reports and listening ports, kept the way {@code BehaviourMonitor} keeps them (a
 * concurrent map from device id to baseline). Prints the heap used after a full collection, before and after.
 *
 * <pre>java -Xmx2g -cp "$CP" io.hallmark.bench.DetectorHeap 1000000</pre>
 */
public final class DetectorHeap {
    private DetectorHeap() {}

    /** Runs the measurement. */
    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = settledHeap(memory);
        Detector detector = new Detector();
        ConcurrentHashMap<String, Baseline> baselines = new ConcurrentHashMap<>();
        long t = 1_795_600_800L;
        for (int d = 0; d < n; d++) {
            SimulatedDevice device = new SimulatedDevice("SIM-" + d, d);
            Baseline b = new Baseline();
            for (int i = 0; i < Detector.WARM_UP; i++) {
                detector.evaluate(b, device.next(t + 10L * i, 10), Thresholds.NONE);
            }
            baselines.put(Ids.newId("dev"), b);
        }
        long after = settledHeap(memory);
        long used = after - before;
        String line = String.format(
                Locale.ROOT,
                "devices %,d  heap for detector state %,d bytes (%.1f MiB)  per device %.0f bytes  (map size %d)",
                n,
                used,
                used / 1024.0 / 1024.0,
                (double) used / n,
                baselines.size());
        java.io.PrintStream out = System.out;
        out.println(line);
    }

    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
