package io.hallmark.server.fleetaudit;

import java.util.Locale;
import java.util.Optional;

/** How urgent a fleet-audit finding is, lowest first. */
public enum FindingSeverity {
    /** Worth knowing; no exposure by itself. */
    LOW,
    /** A weakness to fix in the normal course of work. */
    MEDIUM,
    /** An exposure to fix soon. */
    HIGH,
    /** An exposure an attacker can use now. */
    CRITICAL;

    /** The name on the wire: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity named {@code wire}, in any case. */
    public static Optional<FindingSeverity> parse(String wire) {
        for (FindingSeverity s : values()) {
            if (s.name().equalsIgnoreCase(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
