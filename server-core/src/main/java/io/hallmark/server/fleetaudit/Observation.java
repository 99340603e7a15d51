package io.hallmark.server.fleetaudit;

import io.hallmark.core.Checks;

/**
 * What one check saw in one run, before it is matched with the stored findings.
 *
 * @param expected what the check wants, in words
 * @param actual what it found, in words
 */
public record Observation(AuditCheck check, Resource resource, String expected, String actual) {
    /** Checks the fields. */
    public Observation {
        Checks.notNull(check, "check");
        Checks.notNull(resource, "resource");
        Checks.notNull(expected, "expected");
        Checks.notNull(actual, "actual");
    }
}
