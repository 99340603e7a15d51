package io.hallmark.server.behaviour.detect;

import io.hallmark.protocol.telemetry.TelemetryReport;
import java.util.List;

/** Telemetry reports for detector tests: a quiet 10-second interval, and variations of it. */
final class Reports {
    private Reports() {}

    static TelemetryReport normal(long seq, double scale) {
        return report(
                seq,
                (long) (20_000 * scale),
                (long) (60 * scale),
                (long) (4 * scale) + 1,
                List.of(dst("ntp.example", 123, 2), dst("api.example", 443, 3)),
                List.of(),
                0);
    }

    static TelemetryReport report(
            long seq,
            long bytesOut,
            long packetsOut,
            long connections,
            List<TelemetryReport.Destination> dst,
            List<TelemetryReport.ListeningPort> listening,
            long authFailures) {
        return new TelemetryReport(
                1,
                "SN-1",
                seq,
                1_795_600_800L + seq * 10,
                10,
                bytesOut,
                bytesOut / 2,
                packetsOut,
                packetsOut,
                connections,
                connections,
                dst,
                listening,
                authFailures,
                5,
                20_000,
                "1.0.0",
                1000 + seq * 10,
                List.of());
    }

    static TelemetryReport.Destination dst(String host, int port, long n) {
        return new TelemetryReport.Destination(host, port, TelemetryReport.Protocol.TCP, n);
    }

    static TelemetryReport.ListeningPort tcp(int port) {
        return new TelemetryReport.ListeningPort(port, TelemetryReport.Protocol.TCP);
    }
}
