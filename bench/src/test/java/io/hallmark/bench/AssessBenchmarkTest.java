package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AssessBenchmarkTest {
    @Test
    void theLargeProfileIsAssessedWithEveryGeneratedThreatInTheRiskRegister() throws Exception {
        AssessBenchmark bench = new AssessBenchmark();
        bench.threats = 200;
        bench.makeProfile();

        assertThat(bench.assess().riskRegister()).hasSizeGreaterThanOrEqualTo(200);
    }
}
