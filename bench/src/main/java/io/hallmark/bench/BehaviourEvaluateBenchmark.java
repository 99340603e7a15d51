package io.hallmark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.agent.sim.SimulatedDevice;
import io.hallmark.protocol.telemetry.TelemetryCodec;
import io.hallmark.protocol.telemetry.TelemetryReport;
import io.hallmark.server.behaviour.detect.Baseline;
import io.hallmark.server.behaviour.detect.Detector;
import io.hallmark.server.behaviour.detect.Thresholds;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Behaviour evaluation in process: a report's bytes decoded strictly ({@code TelemetryCodec.decodeFrom} with the
 * authenticated serial) and judged against its device's warm baseline ({@code Detector.evaluate}: six metrics,
 * listening ports, learning), over 2,000 simulated devices per thread; next to Jackson reading the same bytes into a
 * tree, in the same run. Two threads (the machine's two cores).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class BehaviourEvaluateBenchmark {
    private static final int DEVICES = 2_000;
    private static final int PER_DEVICE = 8;
    private static final ObjectMapper TREES = new ObjectMapper();

    private final Detector detector = new Detector();
    private byte[][] reports;
    private String[] serials;
    private Baseline[] baselines;
    private int next;

    /** Simulated devices, their baselines learned, and reports of theirs to judge. */
    @Setup(Level.Trial)
    public void fleet() {
        reports = new byte[DEVICES * PER_DEVICE][];
        serials = new String[DEVICES];
        baselines = new Baseline[DEVICES];
        long t = 1_795_600_800L;
        for (int d = 0; d < DEVICES; d++) {
            serials[d] = String.format("SIM-%06d", d);
            SimulatedDevice device = new SimulatedDevice(serials[d], d);
            baselines[d] = new Baseline();
            for (int i = 0; i < Detector.WARM_UP; i++) {
                detector.evaluate(baselines[d], device.next(t + 10L * i, 10), Thresholds.NONE);
            }
            for (int k = 0; k < PER_DEVICE; k++) {
                reports[k * DEVICES + d] = TelemetryCodec.encode(device.next(t + 10L * (Detector.WARM_UP + k), 10));
            }
        }
    }

    /** Decode and judge one report; returns the number of findings (none for these healthy devices). */
    @Benchmark
    public int decodeAndEvaluate() {
        int i = next;
        next = i + 1 == reports.length ? 0 : i + 1;
        int d = i % DEVICES;
        TelemetryReport report = TelemetryCodec.decodeFrom(reports[i], serials[d]);
        return detector.evaluate(baselines[d], report, Thresholds.NONE).size();
    }

    /** Reference: Jackson reading the same bytes into a tree, nothing checked or judged. */
    @Benchmark
    public JsonNode jacksonTree() throws IOException {
        int i = next;
        next = i + 1 == reports.length ? 0 : i + 1;
        return TREES.readTree(reports[i]);
    }
}
