package io.hallmark.server.cra;

import java.time.Instant;

/**
 * A report recorded as submitted to the CSIRT designated as coordinator and ENISA; immutable once stored.
 *
 * @param caseId the case
 * @param stage which report
 * @param submittedAt when it was recorded
 * @param submittedBy the user who recorded it
 * @param report the report as submitted (its JSON export, schema {@code hallmark-cra-report/1})
 */
public record CraSubmission(String caseId, CraStage stage, Instant submittedAt, String submittedBy, String report) {}
