package io.hallmark.protocol.v1;

/**
 * {@code POST /api/v1/access/break-glass/{id}/review}: someone other than the holder records their review.
 *
 * @param note what the reviewer found (required, 1..2000 characters)
 */
public record BreakGlassReview(String note) {}
