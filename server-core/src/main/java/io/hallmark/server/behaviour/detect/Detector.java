package io.hallmark.server.behaviour.detect;

import io.hallmark.core.Checks;
import io.hallmark.protocol.telemetry.TelemetryReport;
import io.hallmark.server.behaviour.detect.Finding.FindingSeverity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges one report against its device's {@link Baseline} and its product's {@link Thresholds}, then learns it when it
 * was normal. Pure and allocation-light (no findings: no list made); the caller keeps one baseline per device and
 * calls this from one thread per device at a time.
 *
 * <p>The rules, written down with their reasons in {@code docs/behaviour/detection.md}:
 *
 * <ul>
 *   <li>{@code behaviour.threshold.<metric>}: above the product's limit (high);
 *   <li>{@code behaviour.baseline.<metric>}: once warm, above {@code mean + max(K·σ, mean, floor)} (medium; high when
 *       four times that margin over the mean);
 *   <li>{@code behaviour.auth.spike}: failed local logins above {@link #AUTH_SPIKE} in one interval, or above the
 *       device's baseline margin;
 *   <li>{@code behaviour.listen.telnet}: listening on 23 or 2323/tcp, the sign of Mirai and its kin (high);
 *   <li>{@code behaviour.listen.new}: once warm, listening on a port it never listened on while learning (medium).
 * </ul>
 *
 * A report with an anomaly is not learned, so an attacker cannot teach the baseline the attack by repeating it.
 */
public final class Detector {
    /** Reports learned before a device's own baseline judges it. */
    public static final int WARM_UP = 12;

    /** Weight of a new report in the mean and variance once warm. */
    public static final float ALPHA = 0.05f;

    /** Standard deviations above the mean before a value can be an anomaly. */
    public static final float K = 6f;

    /** Failed local logins in one interval that make a spike whatever the baseline. */
    public static final int AUTH_SPIKE = 20;

    /** Listening ports remembered per device. */
    public static final int MAX_PORTS = 16;

    private static final Metric[] METRICS = Metric.all();

    /**
     * Judges {@code report} and learns it when normal.
     *
     * @return the findings, empty when the report looks normal
     */
    public List<Finding> evaluate(Baseline baseline, TelemetryReport report, Thresholds limits) {
        Checks.notNull(baseline, "baseline");
        Checks.notNull(report, "report");
        Checks.notNull(limits, "limits");
        float[] values = new float[METRICS.length];
        List<Finding> found = null;
        boolean anomalous = false;
        for (Metric m : METRICS) {
            float v = m.of(report);
            values[m.ordinal()] = v;
            Finding f = judge(baseline, m, v, limits, report);
            if (f != null) {
                found = add(found, f);
                anomalous = true;
            }
        }
        for (TelemetryReport.ListeningPort l : report.listening()) {
            int packed = l.port() | (l.protocol().ordinal() << 16);
            String subject = l.port() + "/" + l.protocol().wire();
            if (l.protocol() == TelemetryReport.Protocol.TCP && (l.port() == 23 || l.port() == 2323)) {
                found = add(
                        found,
                        new Finding(
                                "behaviour.listen.telnet",
                                FindingSeverity.HIGH,
                                subject,
                                "no telnet service",
                                "listening on " + subject,
                                ""));
            } else if (baseline.warm() && !baseline.knowsPort(packed)) {
                found = add(
                        found,
                        new Finding(
                                "behaviour.listen.new",
                                FindingSeverity.MEDIUM,
                                subject,
                                "only the ports listened on while learning",
                                "listening on " + subject,
                                ""));
            } else if (!baseline.warm()) {
                baseline.learnPort(packed);
            }
        }
        if (!anomalous) {
            baseline.learn(values);
        }
        return found == null ? List.of() : found;
    }

    private static Finding judge(Baseline b, Metric m, float v, Thresholds limits, TelemetryReport report) {
        float max = limits.max(m);
        if (v > max) {
            return new Finding(
                    "behaviour.threshold." + m.wire(),
                    FindingSeverity.HIGH,
                    m.wire(),
                    "at most " + number(max) + " (product limit)",
                    number(v),
                    destinationOf(m, report));
        }
        boolean auth = m == Metric.AUTH_FAILURES;
        if (auth && v > AUTH_SPIKE) {
            return new Finding(
                    "behaviour.auth.spike",
                    v > 5 * AUTH_SPIKE ? FindingSeverity.HIGH : FindingSeverity.MEDIUM,
                    m.wire(),
                    "at most " + AUTH_SPIKE + " per interval",
                    number(v),
                    "");
        }
        if (!b.warm()) {
            return null;
        }
        float mean = b.mean(m);
        float margin = Math.max(K * b.deviation(m), Math.max(mean, m.floor()));
        if (v <= mean + margin) {
            return null;
        }
        FindingSeverity severity = v > mean + 4 * margin ? FindingSeverity.HIGH : FindingSeverity.MEDIUM;
        return new Finding(
                auth ? "behaviour.auth.spike" : "behaviour.baseline." + m.wire(),
                severity,
                m.wire(),
                "at most " + number(mean + margin) + " (mean " + number(mean) + ", deviation " + number(b.deviation(m))
                        + ")",
                number(v),
                destinationOf(m, report));
    }

    /** For volume metrics, the destination the device sent most to: what fleet correlation groups on. */
    private static String destinationOf(Metric m, TelemetryReport report) {
        if (m == Metric.AUTH_FAILURES
                || m == Metric.CPU
                || report.destinations().isEmpty()) {
            return "";
        }
        TelemetryReport.Destination top = null;
        for (TelemetryReport.Destination d : report.destinations()) {
            if (top == null || d.count() > top.count()) {
                top = d;
            }
        }
        return top.host() + ":" + top.port() + "/" + top.protocol().wire();
    }

    private static List<Finding> add(List<Finding> found, Finding f) {
        List<Finding> list = found == null ? new ArrayList<>(2) : found;
        list.add(f);
        return list;
    }

    private static String number(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
