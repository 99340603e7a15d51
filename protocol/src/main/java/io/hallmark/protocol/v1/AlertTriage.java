package io.hallmark.protocol.v1;

/**
 * The body of {@code POST /api/v1/alerts/{alert}/acknowledge}, {@code .../resolve} and
 * {@code POST /api/v1/incidents/{incident}/resolve}.
 *
 * @param note why; required, at most 1000 characters
 */
public record AlertTriage(String note) {}
