package io.hallmark.server.behaviour.detect;

import io.hallmark.core.Checks;

/**
 * One thing a report showed that the device should not do.
 *
 * @param id stable finding id ({@code behaviour.baseline.bytes_out_per_s}, {@code behaviour.listen.telnet}, ...)
 * @param severity how bad
 * @param subject what it is about: a metric, a port ({@code 23/tcp}) or a destination ({@code host:port/proto})
 * @param expected what was allowed or normal, in words a person reads
 * @param actual what the report showed
 * @param destination the destination the finding points at ({@code host:port/proto}), or empty when none; fleet
 *     correlation groups on it
 */
public record Finding(
        String id, FindingSeverity severity, String subject, String expected, String actual, String destination) {
    /** Checks the fields. */
    public Finding {
        Checks.notBlank(id, "id");
        Checks.notNull(severity, "severity");
        Checks.notBlank(subject, "subject");
        Checks.notNull(expected, "expected");
        Checks.notNull(actual, "actual");
        Checks.notNull(destination, "destination");
    }

    /** How bad a finding is; ordered from the least. */
    public enum FindingSeverity {
        /** Worth a look. */
        LOW,
        /** Unusual; an operator should see it. */
        MEDIUM,
        /** A sign of compromise. */
        HIGH,
        /** Compromise with harm to others (a fleet taking part in an attack). */
        CRITICAL;

        /** The lower-case name used on the wire. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
