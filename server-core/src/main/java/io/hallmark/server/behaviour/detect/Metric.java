package io.hallmark.server.behaviour.detect;

import io.hallmark.protocol.telemetry.TelemetryReport;

/**
 * The per-report quantities a baseline follows. Rates are per second of the report's interval, so devices that
 * report every 10 s and every 60 s compare alike. Each metric has a floor: the least departure from the mean that can
 * count as an anomaly, so that a device whose normal is near zero does not alarm on one extra packet.
 */
public enum Metric {
    /** Bytes sent per second (floods, exfiltration). */
    BYTES_OUT("bytes_out_per_s", 4096),
    /** Packets sent per second (floods). */
    PACKETS_OUT("packets_out_per_s", 40),
    /** Outgoing connections attempted per second (scans, floods). */
    CONN_ATTEMPTED("connections_per_s", 2),
    /** Distinct destinations in the report (scans). */
    DESTINATIONS("destinations", 8),
    /** Failed local authentications in the interval (brute force against the device). */
    AUTH_FAILURES("auth_failures", 5),
    /** Mean CPU use, percent (miners, floods). */
    CPU("cpu_percent", 40);

    private static final Metric[] ALL = values();

    private final String wire;
    private final float floor;

    Metric(String wire, float floor) {
        this.wire = wire;
        this.floor = floor;
    }

    /** The name in findings, alerts and documents. */
    public String wire() {
        return wire;
    }

    /** The least departure from the mean that can be an anomaly, in the metric's unit. */
    public float floor() {
        return floor;
    }

    /** Every metric, in declaration order (a shared array: do not change it). */
    static Metric[] all() {
        return ALL;
    }

    /** This metric's value in {@code report}. */
    public float of(TelemetryReport report) {
        float seconds = Math.max(1, report.duration());
        return switch (this) {
            case BYTES_OUT -> report.bytesOut() / seconds;
            case PACKETS_OUT -> report.packetsOut() / seconds;
            case CONN_ATTEMPTED -> report.connAttempted() / seconds;
            case DESTINATIONS -> report.destinations().size();
            case AUTH_FAILURES -> report.authFailures();
            case CPU -> report.cpu();
        };
    }
}
