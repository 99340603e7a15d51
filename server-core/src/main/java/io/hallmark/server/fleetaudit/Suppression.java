package io.hallmark.server.fleetaudit;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A decision to accept the findings of one check, about one resource or all of them, until it expires.
 *
 * @param id {@code fas_...}
 * @param checkId the check's stable id
 * @param resourceId the resource, or empty for every resource of the check
 * @param reason why, as the person wrote it
 * @param expiresAt when it stops applying; findings it covered open again at the next run
 * @param createdBy the user who made it
 */
public record Suppression(
        String id,
        String orgId,
        String checkId,
        Optional<String> resourceId,
        String reason,
        Instant expiresAt,
        String createdBy,
        Instant createdAt) {
    /** Checks the fields. */
    public Suppression {
        Checks.notBlank(id, "id");
        Checks.notBlank(orgId, "orgId");
        Checks.notBlank(checkId, "checkId");
        Checks.notNull(resourceId, "resourceId");
        Checks.notBlank(reason, "reason");
        Checks.notNull(expiresAt, "expiresAt");
        Checks.notBlank(createdBy, "createdBy");
        Checks.notNull(createdAt, "createdAt");
    }

    /** Whether it covers a finding of {@code checkId} about {@code resource} at {@code now}. */
    public boolean covers(String check, String resource, Instant now) {
        return now.isBefore(expiresAt)
                && checkId.equals(check)
                && resourceId.map(resource::equals).orElse(true);
    }

    /** Whether it still applies at {@code now}. */
    public boolean isActive(Instant now) {
        return now.isBefore(expiresAt);
    }
}
