package io.hallmark.server.mqtt;

import java.util.Optional;

/**
 * A device's topic: {@code hallmark/d/{serial}/{kind}[/...]}. Devices publish telemetry to {@code
 * hallmark/d/{serial}/telemetry}; {@code events} and {@code commands} are reserved for security events and commands.
 *
 * @param serial the device's serial number, the topic's third level
 * @param kind the fourth level: {@code telemetry}, {@code events}, {@code commands}, or anything else
 */
record DeviceTopic(String serial, String kind) {
    /** The prefix of every device topic. */
    static final String PREFIX = "hallmark/d/";
    /** The telemetry level. */
    static final String TELEMETRY = "telemetry";
    /** The longest serial a topic may name (IEEE 802.1AR serialNumber is a PrintableString of at most 64). */
    static final int MAX_SERIAL = 64;

    /** The telemetry topic of {@code serial}. */
    static String telemetry(String serial) {
        return PREFIX + serial + "/" + TELEMETRY;
    }

    /**
     * Reads a topic name or filter; empty when it is not below {@code hallmark/d/}, names no serial, or the serial is
     * a wildcard ({@code +}, {@code #}) or too long. MQTT 5.0 §4.7: levels are separated by '/', and a filter's
     * wildcards fill whole levels.
     */
    static Optional<DeviceTopic> parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = topic.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String serial = slash < 0 ? rest : rest.substring(0, slash);
        if (serial.isEmpty()
                || serial.length() > MAX_SERIAL
                || serial.contains("+")
                || serial.contains("#")
                || serial.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        String tail = slash < 0 ? "" : rest.substring(slash + 1);
        int next = tail.indexOf('/');
        return Optional.of(new DeviceTopic(serial, next < 0 ? tail : tail.substring(0, next)));
    }

    /** Whether this is exactly a telemetry topic (nothing below the kind). */
    boolean isTelemetry(String topic) {
        return TELEMETRY.equals(kind) && topic.equals(telemetry(serial));
    }
}
