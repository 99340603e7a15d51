package io.hallmark.server.assurance;

import io.hallmark.core.Checks;
import java.net.URI;
import java.time.Instant;

/**
 * What {@code /verify/{labelId}} shows: the label, its live status with reasons, whether its signature verifies with
 * the platform's label key, and when this was evaluated.
 */
public record Verification(
        Label label, LabelStatus.Result status, boolean signatureValid, URI statusUrl, Instant checkedAt) {
    /** Checks the fields. */
    public Verification {
        Checks.notNull(label, "label");
        Checks.notNull(status, "status");
        Checks.notNull(statusUrl, "statusUrl");
        Checks.notNull(checkedAt, "checkedAt");
    }
}
