package io.hallmark.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.protocol.telemetry.TelemetryCodec;
import io.hallmark.protocol.telemetry.TelemetryReport;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimulatedDeviceAccountsTest {
    @Test
    void aDeviceWithAUniquePasswordReportsNoDefaultCredential() {
        SimulatedDevice d = new SimulatedDevice("SIM-1", 1);
        TelemetryReport r = d.next(1_795_600_800L, 60);
        assertThat(r.accounts()).hasValueSatisfying(a -> {
            assertThat(a.checked()).isEqualTo(1);
            assertThat(a.matches()).isEmpty();
        });
    }

    @Test
    void aDeviceToldToUseADefaultPasswordReportsTheEntryButNeverThePassword() {
        SimulatedDevice d = new SimulatedDevice("SIM-1", 1);
        d.useDefaultPassword();
        TelemetryReport r = d.next(1_795_600_800L, 60);
        assertThat(r.accounts().orElseThrow().matches())
                .containsExactly(new TelemetryReport.AccountMatch("root", "mirai-01"));
        assertThat(new String(TelemetryCodec.encode(r), StandardCharsets.UTF_8)).doesNotContain("xc3511");
        assertThat(TelemetryCodec.decode(TelemetryCodec.encode(r))).isEqualTo(r);
    }
}
