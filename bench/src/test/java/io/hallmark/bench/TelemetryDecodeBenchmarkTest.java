package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TelemetryDecodeBenchmarkTest {
    @Test
    void theDecoderAndBothReferencesReadTheSameTypicalReport() throws Exception {
        TelemetryDecodeBenchmark bench = new TelemetryDecodeBenchmark();

        assertThat(bench.decode().bytesOut()).isPositive();
        assertThat(bench.jacksonTokens()).isGreaterThan(20);
        assertThat(bench.jacksonTree().get("v").asInt()).isEqualTo(1);
    }
}
