package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AttestationScenarioTest {
    @Test
    void devicesAttestOverMutualTlsWithoutErrorsAndTheReportHasThePercentiles() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        AttestationScenario.Outcome o = AttestationScenario.run(
                AttestationScenario.Settings.parse("--devices", "3", "--workers", "2", "-d", "1", "--warmup", "0"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(o.errors()).as(report).isZero();
        assertThat(o.rounds()).as(report).isPositive();
        assertThat(report)
                .containsPattern("(?m)^appraisals: [\\d,]+ in [\\d.]+ s = \\d+ per s; errors 0$")
                .containsPattern("(?m)^POST /attest/evidence +[\\d.]+ +[\\d.]+ +[\\d.]+ +[\\d.]+ +[\\d.]+$");
    }

    @Test
    void aForkedServerReportsItsOwnCpuPerAppraisal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        AttestationScenario.Outcome o = AttestationScenario.run(
                AttestationScenario.Settings.parse(
                        "--devices", "2", "--workers", "1", "-d", "1", "--warmup", "0", "--fork", "1"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(o.errors()).as(report).isZero();
        assertThat(o.serverCpu()).as(report).isPositive();
        assertThat(report).containsPattern("(?m)^server process CPU: [\\d.]+ s, [\\d.]+ ms per appraisal");
        assertThat(report).containsPattern("(?m)^server CPU in its JIT compiler threads: [\\d.]+ s ");
    }
}
