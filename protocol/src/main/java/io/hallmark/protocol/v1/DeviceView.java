package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * A device.
 *
 * @param state manufactured, owned, enrolled, active, quarantined or decommissioned
 * @param approved whether its owner approved its activation
 */
public record DeviceView(
        String id,
        String serial,
        String manufacturer,
        String product,
        String owner,
        String state,
        boolean approved,
        Instant createdAt,
        Instant updatedAt) {}
