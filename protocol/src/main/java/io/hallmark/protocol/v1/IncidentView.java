package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * A behaviour incident: the alerts of one device, or of many devices of one owner toward one destination.
 *
 * @param kind device or fleet
 * @param subject the device id, or the destination {@code host:port/proto}
 * @param severity the worst of its alerts; a fleet incident is critical
 * @param state open or resolved
 * @param alerts how many alerts belong to it
 * @param devices how many devices they are about
 */
public record IncidentView(
        String id,
        String org,
        String kind,
        String subject,
        String severity,
        String state,
        Instant opened,
        Instant updated,
        long alerts,
        long devices,
        String resolvedBy,
        String note) {}
