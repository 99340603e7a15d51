package io.hallmark.server.identity;

import io.hallmark.core.Ids;
import io.hallmark.server.events.EventBus;
import io.hallmark.server.events.SecurityEvent;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Stores;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Moves devices between states: the one place that checks {@link DeviceState#canMoveTo}, stores the change only if
 * no one changed the device meanwhile, and writes the device's history. The caller writes the audit entry in the
 * same transaction, and publishes the returned event after the commit.
 */
final class Lifecycle {
    private final Clock clock;
    private final EventBus events;

    Lifecycle(Clock clock, EventBus events) {
        this.clock = clock;
        this.events = events;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Moves {@code device} to {@code to} inside the transaction of {@code s}.
     *
     * @throws ConflictException when the move is not allowed from the device's state, or the device changed
     */
    Device move(Stores s, Device device, DeviceState to, String action, String actor, Optional<String> reason) {
        if (!device.state().canMoveTo(to)) {
            throw new ConflictException("device " + device.serial() + " is "
                    + device.state().wire() + ": " + action + " needs one of the states that may become " + to.wire());
        }
        Instant at = clock.instant();
        Device next = device.withState(to, at);
        store(s, device, next);
        s.devices()
                .appendEvent(new DeviceEvent(
                        Ids.newId("dve"), device.id(), at, action, Optional.of(device.state()), to, actor, reason));
        return next;
    }

    /** Stores {@code next} in place of {@code before}, refusing when the device changed meanwhile. */
    void store(Stores s, Device before, Device next) {
        if (!s.devices().update(next, before.state())) {
            throw new ConflictException("device " + before.serial() + " changed meanwhile; try again");
        }
    }

    /** Records an event that did not change the state (a certificate issued, an approval). */
    void note(Stores s, Device device, String action, String actor, Optional<String> reason) {
        s.devices()
                .appendEvent(new DeviceEvent(
                        Ids.newId("dve"),
                        device.id(),
                        clock.instant(),
                        action,
                        Optional.empty(),
                        device.state(),
                        actor,
                        reason));
    }

    /** Publishes that {@code device} moved, after the transaction committed. */
    void publish(Device device, String action, String message) {
        events.publish(new SecurityEvent(
                action,
                device.ownerId().or(() -> Optional.of(device.namespace())),
                device.id(),
                message,
                clock.instant()));
    }
}
