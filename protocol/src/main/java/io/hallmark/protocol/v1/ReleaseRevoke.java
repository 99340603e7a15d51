package io.hallmark.protocol.v1;

/**
 * The body of {@code POST /api/v1/releases/{release}/revoke}.
 *
 * @param reason why, 1..500 characters; recorded with the release and in the audit log
 */
public record ReleaseRevoke(String reason) {}
