package io.hallmark.protocol.v1;

/**
 * {@code POST /api/v1/tokens}.
 *
 * @param name a label for the token (optional)
 * @param user the user id the token acts for; null for the caller (needs token-manage for someone else)
 * @param ttlDays lifetime in days (default 90, 1..365)
 */
public record TokenCreate(String name, String user, Integer ttlDays) {}
