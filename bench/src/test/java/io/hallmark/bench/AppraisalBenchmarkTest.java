package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.protocol.attestation.Tier;
import org.junit.jupiter.api.Test;

class AppraisalBenchmarkTest {
    @Test
    void theAppraisalIsAffirmingAndBothReferencesVerifyTheSameSignature() throws Exception {
        AppraisalBenchmark bench = new AppraisalBenchmark();
        bench.setUp();

        assertThat(bench.appraise().findings()).isEmpty();
        assertThat(bench.appraise().status()).isEqualTo(Tier.AFFIRMING);
        assertThat(bench.rawBouncyCastleVerify()).isTrue();
        assertThat(bench.rawJdkVerify()).isTrue();
    }
}
