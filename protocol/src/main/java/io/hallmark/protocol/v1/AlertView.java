package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * A behaviour alert: one finding of one device, with its evidence; repeats count on it while it is not resolved.
 *
 * @param finding the stable finding id (docs/behaviour/detection.md)
 * @param severity low, medium, high or critical
 * @param subject what it is about: a metric, a port or a destination
 * @param expected what was allowed or normal
 * @param actual what the device's report showed (the worst seen)
 * @param destination the destination it points at ({@code host:port/proto}), or empty
 * @param state open, acknowledged or resolved
 * @param count how many reports showed it
 * @param incident the incident it belongs to
 * @param triagedBy who acknowledged or resolved it, when someone did
 * @param note why, as they wrote it
 */
public record AlertView(
        String id,
        String org,
        String device,
        String serial,
        String finding,
        String severity,
        String subject,
        String expected,
        String actual,
        String destination,
        String state,
        Instant firstSeen,
        Instant lastSeen,
        long count,
        String incident,
        String triagedBy,
        Instant triagedAt,
        String note) {}
