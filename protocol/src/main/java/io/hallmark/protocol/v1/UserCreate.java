package io.hallmark.protocol.v1;

import java.util.List;

/**
 * {@code POST /api/v1/users}: adds a user and returns their first API token.
 *
 * @param org the organization's id or name
 * @param name unique on the platform, 1..64 of letters, digits, '.', '-', '_', '@'
 * @param roles one or more of admin, security-officer, operator, auditor, release-manager, assessor
 * @param password the console password (12..256 characters), or null for a token-only user
 * @param tokenTtlDays lifetime of the first token in days (default 90, at most 365)
 */
public record UserCreate(String org, String name, List<String> roles, String password, Integer tokenTtlDays) {
    @Override
    public String toString() {
        return "UserCreate[org=" + org + ", name=" + name + ", roles=" + roles + "]";
    }
}
