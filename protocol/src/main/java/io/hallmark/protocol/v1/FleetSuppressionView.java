package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * A suppression of fleet-audit findings.
 *
 * @param id {@code fas_...}
 * @param check the check's stable id
 * @param resource the resource's id, or null for every resource of the check
 * @param reason why
 * @param expires when it stops applying
 * @param active whether it applies now
 * @param createdBy the user who made it
 */
public record FleetSuppressionView(
        String id,
        String org,
        String check,
        String resource,
        String reason,
        Instant expires,
        boolean active,
        String createdBy,
        Instant createdAt) {}
