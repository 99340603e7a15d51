package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.fleetaudit.AuditRun;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FleetAuditBenchmarkTest {
    @Test
    void aSmallSyntheticFleetIsAuditedWithItsExpiringAndWeakDevices() throws SQLException {
        FleetAuditBenchmark bench = new FleetAuditBenchmark();
        bench.devices = 2_000;
        bench.fleet();
        try {
            AuditRun first = bench.auditOwner();
            assertThat(first.devices()).isEqualTo(2_000);
            // 20 expiring (1 %), 4 with RSA-1024 (0.2 %), and the organization's never-verified audit chain
            assertThat(first.opened()).isEqualTo(20 + 4 + 1);
            AuditRun again = bench.auditOwner();
            assertThat(again.seen()).isEqualTo(first.seen());
            assertThat(again.opened()).isZero();
            assertThat(again.resolved()).isZero();
            assertThat(bench.audit()).isGreaterThanOrEqualTo(2_000);
        } finally {
            bench.close();
        }
    }
}
