package io.hallmark.protocol.v1;

/**
 * The body of {@code POST /api/v1/labels/{label}/revoke}.
 *
 * @param reason why, 3..1000 characters; shown on the label's public status page
 */
public record LabelRevoke(String reason) {}
