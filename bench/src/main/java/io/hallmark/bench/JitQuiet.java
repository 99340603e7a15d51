package io.hallmark.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Waits for this JVM's JIT compilers to run out of work, so that a scenario's measured rounds do not share the cores
 * with compilations queued while the platform started (on 2 cores the C2 threads take one of them for seconds).
 */
final class JitQuiet {
    private static final long POLL_MS = 500;
    private static final long MAX_MS = 60_000;

    private JitQuiet() {}

    /**
     * Returns once the total compilation time has not grown for two polls in a row (one second), or after a minute.
     *
     * @return the milliseconds waited
     */
    static long await() throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long t0 = System.nanoTime();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long last = jit.getTotalCompilationTime();
        int still = 0;
        while (still < 2 && (System.nanoTime() - t0) / 1_000_000 < MAX_MS) {
            Thread.sleep(POLL_MS);
            long now = jit.getTotalCompilationTime();
            still = now == last ? still + 1 : 0;
            last = now;
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
