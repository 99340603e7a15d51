package io.hallmark.server.cra;

import java.time.Instant;

/**
 * A deadline event published for a case: each (stage, threshold) once.
 *
 * @param caseId the case
 * @param stage the report whose deadline it is about
 * @param threshold the share of the window passed: 50 or 90 (approaching), 100 (missed)
 * @param at when it was published
 */
public record CraReminder(String caseId, CraStage stage, int threshold, Instant at) {
    /** The security event's kind. */
    public String event() {
        return threshold >= 100 ? "cra.deadline.missed" : "cra.deadline.approaching";
    }
}
