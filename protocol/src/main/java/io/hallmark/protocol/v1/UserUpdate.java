package io.hallmark.protocol.v1;

import java.util.List;

/**
 * {@code PATCH /api/v1/users/{userId}}: fields left null are unchanged. Disabling a user revokes their tokens.
 *
 * @param roles the new roles
 * @param disabled true to disable the user
 */
public record UserUpdate(List<String> roles, Boolean disabled) {}
