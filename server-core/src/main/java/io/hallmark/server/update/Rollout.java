package io.hallmark.server.update;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An owner's campaign delivering one release to its active devices of the release's product, in waves.
 *
 * @param id {@code rol_...}
 * @param orgId the owner
 * @param releaseId the release delivered
 * @param productId the release's product (the first condition of the device selection)
 * @param selector the further conditions: tags, reported firmware version
 * @param waves the waves as given ({@code 1%}, {@code 10%}, ... or device counts)
 * @param waveCounts the cumulative device counts the waves came to at creation (the last wave takes every device
 *     still selected when it is released)
 * @param wave the index of the wave released last
 * @param successPct the share of a released wave's devices that must have installed before the next wave
 * @param failurePct the share of released devices that failed or rolled back past which the rollout pauses itself
 * @param ratePerMinute at most this many first deliveries a minute; 0: unlimited
 * @param window the daily maintenance window in UTC ({@code HH:MM-HH:MM}), if any
 * @param security a security update: mandatory, delivered outside the maintenance window too
 * @param state running, paused, cancelled or completed
 * @param stateReason why it was paused, cancelled or completed
 * @param total devices selected
 * @param released devices in released waves
 * @param installed devices that reported the release installed
 * @param failed devices that reported a failure or a roll-back
 * @param createdBy the user
 * @param createdAt when
 * @param updatedAt last change
 */
public record Rollout(
        String id,
        String orgId,
        String releaseId,
        String productId,
        RolloutSelector selector,
        List<String> waves,
        List<Long> waveCounts,
        int wave,
        int successPct,
        int failurePct,
        int ratePerMinute,
        Optional<String> window,
        boolean security,
        State state,
        Optional<String> stateReason,
        long total,
        long released,
        long installed,
        long failed,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {

    /** Checks and copies the fields. */
    public Rollout {
        Checks.notBlank(id, "id");
        Checks.notBlank(orgId, "orgId");
        Checks.notBlank(releaseId, "releaseId");
        Checks.notNull(selector, "selector");
        waves = List.copyOf(waves);
        waveCounts = List.copyOf(waveCounts);
        Checks.check(waves.size() == waveCounts.size(), "waveCounts", waveCounts, "one count per wave");
        Checks.check(wave >= 0 && wave < Math.max(1, waves.size()), "wave", wave, "an index of waves");
        Checks.notNull(window, "window");
        Checks.notNull(state, "state");
        Checks.notNull(stateReason, "stateReason");
        Checks.notNull(createdAt, "createdAt");
        Checks.notNull(updatedAt, "updatedAt");
    }

    /** The life of a rollout. */
    public enum State {
        /** Delivering; waves advance by themselves. */
        RUNNING,
        /** No new deliveries until resumed (by hand, or paused by itself past the failure threshold). */
        PAUSED,
        /** Ended before completion (by hand, or because the release was revoked): pending devices are told not to install. */
        CANCELLED,
        /** The last wave met the success threshold. */
        COMPLETED;

        /** Whether the rollout can still change. */
        public boolean open() {
            return this == RUNNING || this == PAUSED;
        }
    }

    /** Whether the wave released last is the final one. */
    public boolean lastWave() {
        return wave >= waveCounts.size() - 1;
    }
}
