package io.hallmark.protocol.v1;

/**
 * The body of {@code POST /api/v1/organizations/{org}/tuf/keys}.
 *
 * @param role the online role the key is for: {@code targets}, {@code snapshot} or {@code timestamp}
 */
public record TufKeyCreate(String role) {}
