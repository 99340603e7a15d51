package io.hallmark.server.fleetaudit;

import io.hallmark.core.Checks;
import java.util.Optional;

/** Filters for listing findings; every present filter must match. */
public record FindingFilter(
        Optional<String> checkId, Optional<FindingSeverity> severity, Optional<FindingState> state) {
    /** Checks the fields. */
    public FindingFilter {
        Checks.notNull(checkId, "checkId");
        Checks.notNull(severity, "severity");
        Checks.notNull(state, "state");
    }

    /** No filter. */
    public static FindingFilter all() {
        return new FindingFilter(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
