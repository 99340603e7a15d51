package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.identity.FactoryService;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactoryIssueBenchmarkTest {
    @Test
    void factoryBatchAndRawLoopsIssueTheSameProfile() throws Exception {
        FactoryIssueBenchmark bench = new FactoryIssueBenchmark();
        bench.open();
        try {
            List<FactoryService.Issued> issued = bench.issueBatch(3);
            assertThat(issued).hasSize(3);
            assertThat(issued.get(0).device().serial()).startsWith("SN-F");

            FactoryIssueBenchmark.Raw raw = new FactoryIssueBenchmark.Raw();
            raw.open(bench);
            int hallmarkSize = issued.get(0).certificate().getEncoded().length;
            // the same profile: the raw certificates differ only in serial, key and signature lengths
            int rawSize = bench.rawBatch(raw.bouncyCastle, 1);
            assertThat(rawSize).isBetween(hallmarkSize - 16, hallmarkSize + 16);
            assertThat(bench.rawBatch(raw.sunEc, 2)).isGreaterThan(2 * (hallmarkSize - 16));
            assertThat(bench.verifySignature(RawIssuer.BOUNCY_CASTLE)).isTrue();
            assertThat(bench.verifySignature(null)).isTrue();
            assertThat(bench.csrVerify()).isPositive();
        } finally {
            bench.close();
        }
    }
}
