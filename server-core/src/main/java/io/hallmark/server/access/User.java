package io.hallmark.server.access;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A person acting inside one organization.
 *
 * @param id {@code usr_...}
 * @param orgId the organization the user acts in
 * @param name unique on the platform
 * @param roles at least one
 * @param passwordHash the encoded Argon2id hash of the console password, if one was set
 * @param disabled a disabled user's tokens are refused
 */
public record User(
        String id,
        String orgId,
        String name,
        Set<Role> roles,
        Optional<String> passwordHash,
        Instant createdAt,
        boolean disabled) {
    /** Checks the fields. */
    public User {
        Checks.notBlank(id, "id");
        Checks.notBlank(orgId, "orgId");
        Checks.notBlank(name, "name");
        roles = Set.copyOf(Checks.notEmpty(roles, "roles"));
        Checks.notNull(passwordHash, "passwordHash");
        Checks.notNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        // never print the password hash
        return "User[" + id + ", " + name + ", org=" + orgId + ", roles=" + roles + ", disabled=" + disabled + "]";
    }
}
