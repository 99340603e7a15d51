package io.hallmark.protocol.v1;

/**
 * {@code POST /api/v1/access/break-glass}: take the admin role of one's organization for a bounded time.
 *
 * @param reason why (required, 10..1000 characters); it is audited and reviewed
 * @param minutes 1..60
 */
public record BreakGlassStart(String reason, Integer minutes) {}
