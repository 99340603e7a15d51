package io.hallmark.protocol.v1;

/**
 * The body of {@code POST /api/v1/labels/{label}/review}: an assessor's decision.
 *
 * @param decision {@code approve} or {@code reject}
 * @param reason why, 3..1000 characters
 */
public record LabelReview(String decision, String reason) {}
