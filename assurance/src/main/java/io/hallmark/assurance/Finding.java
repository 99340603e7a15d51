package io.hallmark.assurance;

import io.hallmark.core.Checks;

/**
 * One finding of an assessment. Ids are stable, stored data ({@code assurance.provision.unjustified}); the list of ids
 * is in {@code docs/assurance/README.md}.
 *
 * @param id the stable id
 * @param severity how much it matters
 * @param subject what it is about, e.g. {@code etsi-en-303-645:5.1-1} or {@code threat T3}
 * @param expected what the rule expects
 * @param actual what the profile shows
 */
public record Finding(String id, Severity severity, String subject, String expected, String actual) {

    /** How much a finding matters. */
    public enum Severity {
        /** Worth knowing; never blocks. */
        INFO,
        /** Weakens the assessment; blocks only where a level rule says so. */
        WARNING,
        /** A gap: blocks the level whose rule needs it. */
        ERROR
    }

    /** Checks the parts. */
    public Finding {
        Checks.notBlank(id, "id");
        Checks.check(id.startsWith("assurance."), "id", id, "starts with assurance.");
        Checks.notNull(severity, "severity");
        Checks.notNull(subject, "subject");
        Checks.notNull(expected, "expected");
        Checks.notNull(actual, "actual");
    }
}
