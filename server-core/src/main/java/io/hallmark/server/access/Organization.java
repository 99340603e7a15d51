package io.hallmark.server.access;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.Set;

/**
 * An organization: a manufacturer, an owner, an assessor, or the platform itself.
 *
 * @param id {@code org_...}
 * @param name unique, 1..64 characters of letters, digits, '.', '-', '_' and spaces
 * @param kinds at least one
 */
public record Organization(String id, String name, Set<OrgKind> kinds, Instant createdAt) {
    /** Checks the fields. */
    public Organization {
        Checks.notBlank(id, "id");
        Checks.notBlank(name, "name");
        kinds = Set.copyOf(Checks.notEmpty(kinds, "kinds"));
        Checks.notNull(createdAt, "createdAt");
    }

    /** Whether this is the platform's own organization. */
    public boolean isPlatform() {
        return kinds.contains(OrgKind.PLATFORM);
    }
}
