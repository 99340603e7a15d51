package io.hallmark.server.mqtt;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the embedded broker tells a device on {@code hallmark/d/{serial}/events} ({@code docs/protocol/telemetry.md}):
 * {@code {"v":1,"event":"device.quarantine","at":"..."}} to its session just before the session is dropped. QoS 1,
 * UTF-8 JSON (MQTT 5.0 §3.3.2.3.2 payload format indicator); only the device itself may subscribe to the topic.
 */
final class DeviceEvents {
    /** The events level of a device topic. */
    static final String EVENTS = "events";

    /** How long the session stays open after the event was handed over, so that it can be delivered first. */
    static final Duration GRACE = Duration.ofMillis(300);

    private DeviceEvents() {}

    /** The events topic of {@code serial}. */
    static String topic(String serial) {
        return DeviceTopic.PREFIX + serial + "/" + EVENTS;
    }

    /** The event's payload. */
    static byte[] payload(String event, Instant at) {
        return ("{\"v\":1,\"event\":\"" + event + "\",\"at\":\"" + at + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Publishes {@code event} to the session {@code clientId} of device {@code serial} (when it subscribed to its
     * events), then runs {@code drop} once the broker has handed it over plus {@link #GRACE}, or at once when it
     * cannot. The device is no longer in the broker's sessions: it cannot publish anything meanwhile.
     */
    static void tellThenDrop(String clientId, String serial, String event, Runnable drop) {
        Publish p = build(serial, event, 60);
        CompletableFuture<?> told;
        try {
            told = Services.publishService().publishToClient(p, clientId);
        } catch (RuntimeException e) {
            drop.run();
            return;
        }
        told.orTimeout(2, TimeUnit.SECONDS)
                .whenComplete((r, e) -> CompletableFuture.delayedExecutor(GRACE.toMillis(), TimeUnit.MILLISECONDS)
                        .execute(drop));
    }

    private static Publish build(String serial, String event, long expirySeconds) {
        return Builders.publish()
                .topic(topic(serial))
                .qos(Qos.AT_LEAST_ONCE)
                .messageExpiryInterval(expirySeconds)
                .payloadFormatIndicator(PayloadFormatIndicator.UTF_8)
                .contentType("application/json")
                .payload(ByteBuffer.wrap(payload(event, Instant.now())))
                .build();
    }
}
