package io.hallmark.server.behaviour;

import io.hallmark.core.Checks;
import io.hallmark.server.behaviour.detect.Finding.FindingSeverity;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Alerts that are one story: everything one device showed ({@link Kind#DEVICE}), or many devices of one owner going
 * for one destination ({@link Kind#FLEET}, a DDoS the fleet takes part in).
 *
 * @param id incident id
 * @param orgId the owner's organization
 * @param kind device or fleet
 * @param subject the device id, or the destination {@code host:port/proto}
 * @param severity the worst of its alerts (a fleet incident is critical)
 * @param state open, acknowledged or resolved
 * @param opened when it began
 * @param updated when an alert last joined or counted
 * @param alerts how many alerts belong to it
 * @param devices how many devices they are about
 * @param triage who acknowledged or resolved it
 */
public record Incident(
        String id,
        String orgId,
        Kind kind,
        String subject,
        FindingSeverity severity,
        AlertState state,
        Instant opened,
        Instant updated,
        long alerts,
        long devices,
        Optional<Alert.Triage> triage) {
    /** Checks the fields. */
    public Incident {
        Checks.notBlank(id, "id");
        Checks.notBlank(orgId, "orgId");
        Checks.notNull(kind, "kind");
        Checks.notBlank(subject, "subject");
        Checks.notNull(severity, "severity");
        Checks.notNull(state, "state");
        Checks.notNull(opened, "opened");
        Checks.notNull(updated, "updated");
        Checks.notNull(triage, "triage");
    }

    /** What an incident groups. */
    public enum Kind {
        /** The alerts of one device. */
        DEVICE,
        /** Devices of one owner toward one destination at once. */
        FLEET;

        /** The lower-case name used on the wire. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
