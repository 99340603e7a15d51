package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ConsoleDeviceListBenchmarkTest {
    @Test
    void aSmallFleetListsInPagesOfFiftyWithFiltersAndCursors() throws SQLException {
        ConsoleDeviceListBenchmark bench = new ConsoleDeviceListBenchmark();
        bench.devices = 2_000;
        bench.store = "h2";
        bench.filter = "product";
        bench.fleet();
        try {
            assertThat(bench.firstPage())
                    .contains("SN-000000000")
                    .contains("rel=\"next\"")
                    .contains("dev_bench00000000049")
                    .doesNotContain("dev_bench00000000050\"");
            assertThat(bench.middlePage()).contains("SN-000001001").doesNotContain("SN-000001000<");
            String quarantined = bench.quarantinedFirstPage();
            assertThat(quarantined)
                    .contains("SN-000000007")
                    .contains("SN-000000107")
                    .doesNotContain("SN-000000008");
            assertThat(bench.quarantinedMiddlePage()).contains("SN-000001007");
            assertThat(bench.filteredMiddlePage())
                    .as("devices of the product after a cursor")
                    .contains("SN-");
        } finally {
            bench.close();
        }
    }
}
