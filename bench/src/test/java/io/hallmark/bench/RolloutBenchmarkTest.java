package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RolloutBenchmarkTest {

    @Test
    void aRolloutOverASmallFleetAssignsEveryDeviceInFourSteps() throws Exception {
        RolloutBenchmark b = new RolloutBenchmark();
        b.devices = 1_000;
        b.fleet();
        try {
            assertThat(b.rollout()).isEqualTo(1_000);
            assertThat(b.steps()).hasSize(4);
            // the assignments were cancelled: the whole fleet is selected again
            assertThat(b.rollout()).isEqualTo(1_000);
        } finally {
            b.close();
        }
    }
}
