package io.hallmark.server.mqtt;

import java.util.Locale;

/** Why an MQTT message or client was turned away; each is counted and exported on {@code /metrics}. */
public enum Drop {
    /** The ingestion queue was full: refused with {@code Quota exceeded} (QoS 1) or dropped (QoS 0). */
    QUEUE_FULL,
    /** Larger than a telemetry report may be. */
    TOO_LARGE,
    /** Published under another device's serial, or outside {@code hallmark/d/}. */
    TOPIC_DENIED,
    /** Under the device's own serial, but on a topic that takes no messages yet ({@code events}, commands). */
    TOPIC_UNSUPPORTED,
    /** A subscription outside the device's own topics. */
    SUBSCRIBE_DENIED,
    /** A connection without a good certificate of an active device, or with another device's client id. */
    CONNECT_REFUSED,
    /** External broker: the topic names no single active device here. */
    UNKNOWN_DEVICE,
    /** Not valid by the telemetry schema. */
    MALFORMED,
    /** The report names another device than its topic. */
    SPOOFED,
    /** Not newer than the device's last report. */
    DUPLICATE,
    /** Sent faster than the device's intake allows (the behaviour service's token bucket per device). */
    RATE_LIMITED,
    /** The device is not active (quarantined meanwhile). */
    REFUSED,
    /** An unexpected error while taking the report (logged). */
    FAILED;

    /** The label value on {@code /metrics}: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
