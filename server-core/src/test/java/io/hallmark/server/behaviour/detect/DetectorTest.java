package io.hallmark.server.behaviour.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.protocol.telemetry.TelemetryReport;
import io.hallmark.server.behaviour.detect.Finding.FindingSeverity;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DetectorTest {
    private final Detector detector = new Detector();

    private Baseline warmed(Random noise) {
        Baseline b = new Baseline();
        for (int i = 0; i < Detector.WARM_UP; i++) {
            assertThat(detector.evaluate(b, Reports.normal(i, 0.7 + 0.6 * noise.nextDouble()), Thresholds.NONE))
                    .isEmpty();
        }
        assertThat(b.warm()).isTrue();
        return b;
    }

    @Test
    void healthyDeviceWithNoisyTrafficRaisesNothingOverManyReports() {
        Random noise = new Random(7);
        Baseline b = warmed(noise);
        for (int i = 100; i < 5_000; i++) {
            assertThat(detector.evaluate(b, Reports.normal(i, 0.5 + noise.nextDouble()), Thresholds.NONE))
                    .as("report %d", i)
                    .isEmpty();
        }
    }

    @Test
    void floodAfterWarmUpIsAHighBaselineAnomalyPointingAtTheVictim() {
        Baseline b = warmed(new Random(1));
        TelemetryReport flood = Reports.report(
                50,
                40_000_000,
                400_000,
                30_000,
                List.of(Reports.dst("victim.example", 80, 30_000), Reports.dst("ntp.example", 123, 2)),
                List.of(),
                0);

        List<Finding> findings = detector.evaluate(b, flood, Thresholds.NONE);

        assertThat(findings)
                .extracting(Finding::id)
                .contains(
                        "behaviour.baseline.bytes_out_per_s",
                        "behaviour.baseline.packets_out_per_s",
                        "behaviour.baseline.connections_per_s");
        Finding bytes = findings.stream()
                .filter(f -> f.id().equals("behaviour.baseline.bytes_out_per_s"))
                .findFirst()
                .orElseThrow();
        assertThat(bytes.severity()).isEqualTo(FindingSeverity.HIGH);
        assertThat(bytes.destination()).isEqualTo("victim.example:80/tcp");
        assertThat(bytes.actual()).isEqualTo("4000000");
        assertThat(bytes.expected()).startsWith("at most ").contains("mean ");
    }

    @Test
    void anomalousReportsAreNotLearnedSoARepeatedAttackStaysVisible() {
        Baseline b = warmed(new Random(2));
        float meanBefore = b.mean(Metric.BYTES_OUT);
        TelemetryReport flood = Reports.report(
                60, 40_000_000, 400_000, 30_000, List.of(Reports.dst("victim.example", 80, 30_000)), List.of(), 0);
        for (int i = 0; i < 50; i++) {
            assertThat(detector.evaluate(b, flood, Thresholds.NONE)).isNotEmpty();
        }
        assertThat(b.mean(Metric.BYTES_OUT)).isEqualTo(meanBefore);
    }

    @Test
    void telnetListeningIsHighEvenBeforeTheBaselineIsWarm() {
        Baseline b = new Baseline();
        List<Finding> findings = detector.evaluate(
                b, Reports.report(1, 1000, 10, 1, List.of(), List.of(Reports.tcp(2323)), 0), Thresholds.NONE);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("behaviour.listen.telnet");
            assertThat(f.severity()).isEqualTo(FindingSeverity.HIGH);
            assertThat(f.subject()).isEqualTo("2323/tcp");
        });
    }

    @Test
    void aPortListenedOnWhileLearningIsNormalAndANewOneIsNot() {
        Baseline b = new Baseline();
        for (int i = 0; i < Detector.WARM_UP; i++) {
            TelemetryReport r = Reports.report(i, 20_000, 60, 2, List.of(), List.of(Reports.tcp(443)), 0);
            assertThat(detector.evaluate(b, r, Thresholds.NONE)).isEmpty();
        }
        assertThat(detector.evaluate(
                        b, Reports.report(20, 20_000, 60, 2, List.of(), List.of(Reports.tcp(443)), 0), Thresholds.NONE))
                .isEmpty();
        assertThat(detector.evaluate(
                        b,
                        Reports.report(21, 20_000, 60, 2, List.of(), List.of(Reports.tcp(443), Reports.tcp(4444)), 0),
                        Thresholds.NONE))
                .extracting(Finding::id, Finding::subject)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("behaviour.listen.new", "4444/tcp"));
    }

    @Test
    void bruteForceAgainstTheDeviceIsAnAuthenticationSpike() {
        Baseline b = new Baseline();
        List<Finding> findings =
                detector.evaluate(b, Reports.report(1, 20_000, 60, 2, List.of(), List.of(), 500), Thresholds.NONE);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("behaviour.auth.spike");
            assertThat(f.severity()).isEqualTo(FindingSeverity.HIGH);
        });
        assertThat(detector.evaluate(b, Reports.report(2, 20_000, 60, 2, List.of(), List.of(), 3), Thresholds.NONE))
                .isEmpty();
    }

    @Test
    void theProductLimitCatchesADeviceCompromisedBeforeItsBaselineWasLearned() {
        Baseline cold = new Baseline();
        Thresholds limits = Thresholds.of(Map.of(Metric.BYTES_OUT, 100_000.0));
        List<Finding> findings = detector.evaluate(
                cold,
                Reports.report(1, 10_000_000, 1000, 2, List.of(Reports.dst("198.51.100.7", 53, 9)), List.of(), 0),
                limits);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("behaviour.threshold.bytes_out_per_s");
            assertThat(f.expected()).isEqualTo("at most 100000 (product limit)");
            assertThat(f.actual()).isEqualTo("1000000");
            assertThat(f.destination()).isEqualTo("198.51.100.7:53/tcp");
        });
        assertThat(cold.samples()).isZero();
    }

    @Test
    void aSlowChangeIsFollowedByTheBaseline() {
        Baseline b = warmed(new Random(3));
        double scale = 1.0;
        for (int i = 100; i < 400; i++) {
            scale *= 1.01;
            assertThat(detector.evaluate(b, Reports.normal(i, scale), Thresholds.NONE))
                    .as("report %d at scale %.2f", i, scale)
                    .isEmpty();
        }
        // 2,000 bytes/s at the start, about 40,000 at the end: the mean has followed most of the way
        assertThat(b.mean(Metric.BYTES_OUT)).isGreaterThan(2_000 * 10);
    }
}
