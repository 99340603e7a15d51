package io.hallmark.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.protocol.telemetry.TelemetryCodec;
import io.hallmark.protocol.telemetry.TelemetryReport;
import io.hallmark.protocol.telemetry.TelemetrySamples;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding the typical telemetry report (about 280 bytes, {@code docs/protocol/telemetry.md}): Hallmark's strict
 * streaming decoder with every bound checked, next to Jackson alone in the same run — tokenizing the same bytes, and
 * reading them into a tree. Two threads (the machine's two cores). The detectors that follow decoding are not part
 * of this figure yet.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class TelemetryDecodeBenchmark {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper TREES = new ObjectMapper();
    private final byte[] report = TelemetrySamples.typical();

    /** Hallmark's decoder: strict, bounded, a record out. */
    @Benchmark
    public TelemetryReport decode() {
        return TelemetryCodec.decode(report);
    }

    /** Reference: Jackson's tokenizer over the same bytes, nothing built. */
    @Benchmark
    public int jacksonTokens() throws IOException {
        int tokens = 0;
        try (JsonParser p = JSON.createParser(report)) {
            while (p.nextToken() != null) {
                tokens += p.currentToken() == JsonToken.VALUE_NUMBER_INT ? 2 : 1;
            }
        }
        return tokens;
    }

    /** Reference: Jackson reading the same bytes into a tree. */
    @Benchmark
    public JsonNode jacksonTree() throws IOException {
        return TREES.readTree(report);
    }
}
