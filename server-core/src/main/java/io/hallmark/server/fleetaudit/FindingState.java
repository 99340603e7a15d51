package io.hallmark.server.fleetaudit;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a finding is: {@link #OPEN} while its check still sees it, {@link #SUPPRESSED} while an unexpired suppression
 * covers it, {@link #RESOLVED} once a run no longer sees it (final: seen again, it is a new finding).
 */
public enum FindingState {
    /** Seen by the latest run and not suppressed. */
    OPEN,
    /** Seen by the latest run, covered by a suppression. */
    SUPPRESSED,
    /** No longer seen. */
    RESOLVED;

    /** The name on the wire: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state named {@code wire}, in any case. */
    public static Optional<FindingState> parse(String wire) {
        for (FindingState s : values()) {
            if (s.name().equalsIgnoreCase(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
