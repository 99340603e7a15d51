package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RolloutBenchmarkTest {

    @Test
    void aRolloutOverASmallFleetAssignsEveryDeviceOnceOverItsFourSteps() throws Exception {
        RolloutBenchmark b = new RolloutBenchmark();
        b.devices = 1_000;
        b.fleet();
        try {
            assertThat(b.create()).isEqualTo(10);
            assertThat(b.advanceTo(2)).isEqualTo(90);
            assertThat(b.advanceTo(3)).isEqualTo(400);
            assertThat(b.advanceTo(4)).isEqualTo(500);
            // the assignments were removed: the whole fleet is selected again
            b.reset();
            assertThat(b.create()).isEqualTo(10);
        } finally {
            b.close();
        }
    }
}
