package io.hallmark.protocol.v1;

import java.time.Instant;
import java.util.List;

/**
 * The public status of a trust label ({@code GET /verify/{labelId}} with {@code Accept: application/json}).
 *
 * @param status {@code valid}, {@code suspended}, {@code revoked} or {@code expired}
 * @param reasons why, each with a stable id (e.g. {@code label.support-ended}); empty when valid
 * @param signatureValid whether the label's JWS verifies with the platform's label key
 * @param checkedAt when the status was evaluated (at most a minute ago)
 * @param jws the signed label, to verify offline with the label public key
 */
public record LabelStatusView(
        String id,
        String product,
        String productName,
        String manufacturer,
        String level,
        String status,
        List<Reason> reasons,
        boolean signatureValid,
        Instant issuedAt,
        Instant expiresAt,
        Instant checkedAt,
        String statusUrl,
        String jws) {

    /**
     * One reason for a status.
     *
     * @param id stable id
     * @param message for people
     */
    public record Reason(String id, String message) {}
}
