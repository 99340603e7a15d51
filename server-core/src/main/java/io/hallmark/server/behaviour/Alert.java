package io.hallmark.server.behaviour;

import io.hallmark.core.Checks;
import io.hallmark.server.behaviour.detect.Finding;
import java.time.Instant;
import java.util.Optional;

/**
 * One finding of one device, kept while it lasts: repeats of the same finding (same device, id and subject) count on
 * the open alert instead of making new ones.
 *
 * @param id alert id
 * @param orgId the device owner's organization
 * @param deviceId the device
 * @param serial the device's serial, for people
 * @param finding what was found, with its evidence (expected and actual values)
 * @param state where triage stands
 * @param firstSeen the first report that showed it
 * @param lastSeen the latest report that showed it
 * @param count how many reports showed it
 * @param incidentId the incident it belongs to
 * @param triage who acknowledged or resolved it, when and why
 */
public record Alert(
        String id,
        String orgId,
        String deviceId,
        String serial,
        Finding finding,
        AlertState state,
        Instant firstSeen,
        Instant lastSeen,
        long count,
        String incidentId,
        Optional<Triage> triage) {
    /** Checks the fields. */
    public Alert {
        Checks.notBlank(id, "id");
        Checks.notBlank(orgId, "orgId");
        Checks.notBlank(deviceId, "deviceId");
        Checks.notBlank(serial, "serial");
        Checks.notNull(finding, "finding");
        Checks.notNull(state, "state");
        Checks.notNull(firstSeen, "firstSeen");
        Checks.notNull(lastSeen, "lastSeen");
        Checks.positive(count, "count");
        Checks.notBlank(incidentId, "incidentId");
        Checks.notNull(triage, "triage");
    }

    /** The key under which repeats are counted on one alert. */
    public String dedupeKey() {
        return dedupeKey(deviceId, finding);
    }

    /** The key under which repeats of {@code finding} on {@code deviceId} are counted on one alert. */
    public static String dedupeKey(String deviceId, Finding finding) {
        return deviceId + '\n' + finding.id() + '\n' + finding.subject();
    }

    /**
     * A person's decision on an alert or incident.
     *
     * @param by the user id
     * @param at when
     * @param note why, as they wrote it
     */
    public record Triage(String by, Instant at, String note) {}
}
