package io.hallmark.protocol.v1;

import java.util.List;

/**
 * {@code POST /api/v1/organizations}.
 *
 * @param name unique, 1..64 of letters, digits, space, '.', '-', '_'
 * @param kinds one or more of {@code manufacturer}, {@code owner}, {@code assessor}
 */
public record OrganizationCreate(String name, List<String> kinds) {}
