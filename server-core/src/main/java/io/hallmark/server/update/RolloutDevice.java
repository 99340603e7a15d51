package io.hallmark.server.update;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * One device's assignment in a rollout.
 *
 * @param rolloutId the rollout
 * @param deviceId the device
 * @param seq the number of the wave that took the device (1 = the first)
 * @param state where the device is
 * @param reason the device's reason for a failure or roll-back, or why the assignment was cancelled
 * @param deliveredAt when the assignment first reached the device
 * @param updatedAt last change
 */
public record RolloutDevice(
        String rolloutId,
        String deviceId,
        long seq,
        State state,
        Optional<String> reason,
        Optional<Instant> deliveredAt,
        Instant updatedAt) {

    /** Checks the fields. */
    public RolloutDevice {
        Checks.notBlank(rolloutId, "rolloutId");
        Checks.notBlank(deviceId, "deviceId");
        Checks.notNull(state, "state");
        Checks.notNull(reason, "reason");
        Checks.notNull(deliveredAt, "deliveredAt");
        Checks.notNull(updatedAt, "updatedAt");
    }

    /** A device's place in a rollout. */
    public enum State {
        /** Selected, in a wave not released yet (counted, not stored: a wave's release makes the row). */
        PENDING,
        /** In a released wave: the device may fetch its assignment. */
        ASSIGNED,
        /** The device reported it is downloading the image. */
        DOWNLOADING,
        /** The device reported the release installed (its self-test passed). */
        INSTALLED,
        /** The device reported a failure, with the reason. */
        FAILED,
        /** The device installed the release, its self-test failed and it went back to the previous slot. */
        ROLLED_BACK,
        /** The rollout was cancelled or the release revoked before the device finished: it must not install. */
        CANCELLED;

        /** Whether the device is still to finish. */
        public boolean pending() {
            return this == PENDING || this == ASSIGNED || this == DOWNLOADING;
        }

        /** The wire name: lowercase with dashes. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
