package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * A suppression of behaviour alerts.
 *
 * @param id {@code als_...}
 * @param org the organization whose devices it covers
 * @param kind the finding id or prefix ({@code .*}) it covers
 * @param scope {@code device}, {@code product} or {@code organization}
 * @param target the device, product or organization id
 * @param reason why
 * @param until when it stops applying
 * @param active whether it applies now (neither expired nor lifted)
 * @param suppressed how many findings it covered since the server started
 * @param createdBy the user who made it
 * @param createdAt when
 * @param liftedBy who lifted it, or null
 * @param liftedAt when it was lifted, or null
 * @param liftNote why it was lifted, or null
 */
public record AlertSuppressionView(
        String id,
        String org,
        String kind,
        String scope,
        String target,
        String reason,
        Instant until,
        boolean active,
        long suppressed,
        String createdBy,
        Instant createdAt,
        String liftedBy,
        Instant liftedAt,
        String liftNote) {}
