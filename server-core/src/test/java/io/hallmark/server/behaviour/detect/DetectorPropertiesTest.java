package io.hallmark.server.behaviour.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.protocol.telemetry.TelemetryReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The detector over reports of every shape the schema allows: it never fails, and says only what it may say. */
class DetectorPropertiesTest {
    private static final Set<String> KNOWN =
            Set.of("behaviour.listen.telnet", "behaviour.listen.new", "behaviour.auth.spike");

    @Property(tries = 300)
    void anySequenceOfValidReportsIsJudgedWithKnownFindingsAndBoundedState(
            @ForAll("reports") List<TelemetryReport> reports, @ForAll("limits") Thresholds limits) {
        Detector detector = new Detector();
        Baseline baseline = new Baseline();
        for (TelemetryReport r : reports) {
            List<Finding> findings = detector.evaluate(baseline, r, limits);
            for (Finding f : findings) {
                assertThat(KNOWN.contains(f.id())
                                || f.id().startsWith("behaviour.baseline.")
                                || f.id().startsWith("behaviour.threshold."))
                        .as(f.id())
                        .isTrue();
                assertThat(f.expected()).isNotBlank();
                assertThat(f.actual()).isNotBlank();
            }
        }
        for (Metric m : Metric.values()) {
            assertThat(baseline.mean(m)).isNotNaN();
            assertThat(baseline.deviation(m)).isNotNaN().isGreaterThanOrEqualTo(0);
        }
    }

    @Provide
    Arbitrary<Thresholds> limits() {
        return Arbitraries.maps(
                        Arbitraries.of(Metric.values()), Arbitraries.doubles().between(0, 1e12))
                .ofMaxSize(3)
                .map(Thresholds::of)
                .injectNull(0)
                .map(t -> t == null ? Thresholds.NONE : t)
                .edgeCases(e -> e.add(Thresholds.of(Map.of())));
    }

    @Provide
    Arbitrary<List<TelemetryReport>> reports() {
        Arbitrary<Long> counter = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 10_000), Arbitraries.longs().between(0, TelemetryReport.MAX_COUNTER));
        Arbitrary<TelemetryReport.Destination> dst = Combinators.combine(
                        Arbitraries.of("a.example", "203.0.113.9", "2001:db8::1"),
                        Arbitraries.integers().between(1, 65_535),
                        Arbitraries.longs().between(1, 1_000_000))
                .as((h, p, n) -> new TelemetryReport.Destination(h, p, TelemetryReport.Protocol.TCP, n));
        Arbitrary<TelemetryReport.ListeningPort> lsn = Arbitraries.integers()
                .between(1, 65_535)
                .map(p -> new TelemetryReport.ListeningPort(p, TelemetryReport.Protocol.TCP));
        Arbitrary<TelemetryReport> one = Combinators.combine(
                        Arbitraries.longs().between(1, TelemetryReport.MAX_DURATION),
                        counter,
                        counter,
                        counter,
                        dst.list().ofMaxSize(20),
                        lsn.list().ofMaxSize(5),
                        counter,
                        Arbitraries.integers().between(0, 100))
                .as((dur, bytes, packets, conns, d, l, af, cpu) -> new TelemetryReport(
                        1,
                        "SN-1",
                        1,
                        1_795_600_800L,
                        dur,
                        bytes,
                        bytes,
                        packets,
                        packets,
                        conns,
                        conns,
                        dedupe(d),
                        List.copyOf(new java.util.LinkedHashSet<>(l)),
                        af,
                        cpu,
                        1024,
                        "1.0",
                        100,
                        List.of()));
        return one.list().ofMinSize(1).ofMaxSize(40);
    }

    private static List<TelemetryReport.Destination> dedupe(List<TelemetryReport.Destination> d) {
        List<TelemetryReport.Destination> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (TelemetryReport.Destination x : d) {
            if (seen.add(x.host() + ":" + x.port())) {
                out.add(x);
            }
        }
        return out;
    }
}
