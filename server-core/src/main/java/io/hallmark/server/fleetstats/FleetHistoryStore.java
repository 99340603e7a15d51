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
}
