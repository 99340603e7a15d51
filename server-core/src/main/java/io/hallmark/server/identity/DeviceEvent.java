package io.hallmark.server.identity;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a device's history: a change of state, an issued certificate, a change of owner.
 *
 * @param id {@code dve_...}
 * @param deviceId the device
 * @param at when
 * @param action a stable dotted name, e.g. {@code device.quarantine}, {@code device.enroll}
 * @param from the state before, when the state changed
 * @param to the state after
 * @param actor who acted: a user id, a device id, or {@code system}
 * @param reason the reason given, if any
 */
public record DeviceEvent(
        String id,
        String deviceId,
        Instant at,
        String action,
        Optional<DeviceState> from,
        DeviceState to,
        String actor,
        Optional<String> reason) {
    /** Checks the fields. */
    public DeviceEvent {
        Checks.notBlank(id, "id");
        Checks.notBlank(deviceId, "deviceId");
        Checks.notNull(at, "at");
        Checks.notBlank(action, "action");
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        Checks.notBlank(actor, "actor");
        Checks.notNull(reason, "reason");
    }
}
