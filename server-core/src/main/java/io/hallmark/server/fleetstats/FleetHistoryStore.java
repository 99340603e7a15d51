package io.hallmark.server.fleetstats;

import java.util.List;

/** Per-day counts of an organization's fleet (a port); days are counted from the Unix epoch, UTC. */
public interface FleetHistoryStore {
    /** Devices the organization owns, by the day they were added, from day {@code sinceDay} on. */
    List<DayCount> devicesAdded(String orgId, long sinceDay);

    /** Attestation results of the organization's devices by day and status ({@code affirming}, ...). */
    List<DayCount> attestations(String orgId, long sinceDay);

    /** Behaviour alerts of the organization, by the day they were first seen. */
    List<DayCount> alertsOpened(String orgId, long sinceDay);

    /**
     * The failures of rollout {@code rolloutId} of {@code orgId} (failed or rolled back) grouped by state and reason,
     * the most frequent first, at most {@code limit} groups; empty when the rollout is not the organization's.
     */
    List<ReasonCount> rolloutFailures(String orgId, String rolloutId, int limit);
}
