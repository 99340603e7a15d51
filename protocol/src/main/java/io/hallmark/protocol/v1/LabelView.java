package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * A trust label as its manufacturer and its assessors see it.
 *
 * @param level the level requested, {@code L1}..{@code L4}
 * @param reached the level the assessment of the profile reached ({@code NONE}, {@code L1}..{@code L4})
 * @param state {@code requested}, {@code approved}, {@code rejected}, {@code issued} or {@code revoked}
 * @param profileSha256 SHA-256 (hex) of the profile's bytes
 * @param reviewDecision {@code approve} or {@code reject}, when reviewed
 * @param reviewer the assessor organization's name, when reviewed
 * @param jws the signed label (compact JWS, RFC 7515), once issued
 * @param status the live status last recorded ({@code valid}, {@code suspended}, {@code revoked}, {@code expired})
 * @param statusUrl the public status page, once issued
 * @param assessment the assessment as JSON text
 */
public record LabelView(
        String id,
        String org,
        String product,
        String productModel,
        String productName,
        String manufacturer,
        String level,
        String reached,
        String state,
        String profileSha256,
        String requestedBy,
        Instant requestedAt,
        String reviewDecision,
        String reviewer,
        String reviewReason,
        Instant reviewedAt,
        String jws,
        Instant issuedAt,
        Instant expiresAt,
        Instant revokedAt,
        String revokeReason,
        String status,
        String statusUrl,
        String assessment) {}
