package io.hallmark.server.behaviour;

import java.util.Locale;

/**
 * Why a telemetry report (or, over MQTT, a message or client) was turned away; each is counted per transport by the
 * {@link TelemetryIngest} and exported on {@code /metrics} ({@code docs/protocol/telemetry.md}).
 */
public enum Drop {
    /** The ingestion queue was full: MQTT {@code Quota exceeded} (QoS 1) or dropped (QoS 0); HTTPS 503. */
    QUEUE_FULL,
    /** Larger than a telemetry report may be. */
    TOO_LARGE,
    /** MQTT: published under another device's serial, or outside {@code hallmark/d/}. */
    TOPIC_DENIED,
    /** MQTT: under the device's own serial, but on a topic that takes no messages ({@code events}, commands). */
    TOPIC_UNSUPPORTED,
    /** MQTT: a subscription outside the device's own topics. */
    SUBSCRIBE_DENIED,
    /** MQTT: a connection without a good certificate of an active device, or with another device's client id. */
    CONNECT_REFUSED,
    /** External MQTT broker: the topic names no single active device here. */
    UNKNOWN_DEVICE,
    /** Not valid by the telemetry schema. */
    MALFORMED,
    /** The report names another device than the one that sent it. */
    SPOOFED,
    /** Not newer than the device's last report. */
    DUPLICATE,
    /** Sent faster than the device's intake allows (the behaviour service's token bucket per device). */
    RATE_LIMITED,
    /** The device is not active (quarantined meanwhile), or none was authenticated. */
    REFUSED,
    /** An unexpected error while taking the report (logged). */
    FAILED;

    /** The label value on {@code /metrics}: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
