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
        bench.viewer = "owner";
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

    @Test
    void aManufacturersListFindsTheRareUnknownDevicesItMadeForAnotherOwner() throws SQLException {
        ConsoleDeviceListBenchmark bench = new ConsoleDeviceListBenchmark();
        bench.devices = 4_000;
        bench.store = "h2";
        bench.filter = "rare-unknown";
        bench.viewer = "manufacturer";
        bench.fleet();
        try {
            // devices 0, 1000, 2000 and 3000 have no result; the cursors start in the middle half of the fleet
            assertThat(bench.filteredMiddlePage())
                    .contains("SN-000002000")
                    .doesNotContain("SN-000002001<")
                    .doesNotContain("SN-000000000<");
        } finally {
            bench.close();
        }
    }
}
