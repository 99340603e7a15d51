package io.hallmark.server.fleetstats;

import io.hallmark.core.Checks;

/**
 * How many devices of a rollout ended in one failure state with one reason.
 *
 * @param state {@code failed} or {@code rolled back}
 * @param reason the devices' own reason, or {@code (none given)}
 * @param count how many devices
 */
public record ReasonCount(String state, String reason, long count) {
    /** Checks the fields. */
    public ReasonCount {
        Checks.notBlank(state, "state");
        Checks.notNull(reason, "reason");
    }
}
