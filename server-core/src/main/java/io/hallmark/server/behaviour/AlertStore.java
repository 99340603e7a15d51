package io.hallmark.server.behaviour;

import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Behaviour alerts and incidents (table {@code behaviour_alerts} and {@code behaviour_incidents}). */
public interface AlertStore {
    /** Stores a new alert. */
    void insert(Alert alert);

    /** Stores a new incident, or its changed counts, severity, state and triage when it exists. */
    void put(Incident incident);

    /**
     * Stores an alert's changed repeat count, last sighting, worst finding, state and triage (its incident changes
     * only by {@link #regroup}).
     *
     * @return whether the stored state was still {@code expected}
     */
    boolean update(Alert alert, AlertState expected);

    /** Moves the unresolved alerts of {@code deviceIds} (of organization {@code orgId}) to incident {@code to}. */
    int regroup(String orgId, Collection<String> deviceIds, String to);

    /** The alert with {@code id}. */
    Optional<Alert> findAlert(String id);

    /** The incident with {@code id}. */
    Optional<Incident> findIncident(String id);

    /** Alerts of {@code orgId}, newest first by first sighting, filtered by state and device when given. */
    Page<Alert> alerts(String orgId, Optional<AlertState> state, Optional<String> deviceId, PageRequest page);

    /** Incidents of {@code orgId}, newest first, filtered by state when given. */
    Page<Incident> incidents(String orgId, Optional<AlertState> state, PageRequest page);

    /** Every alert not resolved, of all organizations (what the monitor deduplicates against after a start). */
    List<Alert> unresolvedAlerts(int limit);

    /** Every incident not resolved, of all organizations. */
    List<Incident> unresolvedIncidents(int limit);
}
