package io.hallmark.server.access;

import io.hallmark.core.Checks;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, as established from a valid token: the user, their organization, their effective roles (with the
 * admin role added while a break-glass session is active) and the session that added it.
 *
 * @param platformMember whether the user belongs to the platform organization
 * @param tokenId the token used
 * @param breakGlassId the active break-glass session, if any; every audit entry of this call carries it
 */
public record Principal(
        String userId,
        String userName,
        String orgId,
        boolean platformMember,
        Set<Role> roles,
        String tokenId,
        Optional<String> breakGlassId) {
    /** Checks the fields. */
    public Principal {
        Checks.notBlank(userId, "userId");
        Checks.notBlank(userName, "userName");
        Checks.notBlank(orgId, "orgId");
        roles = Set.copyOf(roles);
        Checks.notBlank(tokenId, "tokenId");
        Checks.notNull(breakGlassId, "breakGlassId");
    }

    /** Whether this principal is an administrator of the platform organization. */
    public boolean isPlatformAdmin() {
        return platformMember && roles.contains(Role.ADMIN);
    }

    /**
     * Whether this principal may use {@code permission} on organization {@code targetOrgId}: the role table grants
     * it, a platform-scoped permission is held by a platform member, and the target is the principal's own
     * organization unless the principal is a platform administrator.
     */
    public boolean may(Permission permission, String targetOrgId) {
        if (!PermissionTable.anyGrants(roles, permission)) {
            return false;
        }
        if (permission.scope() == Permission.Scope.PLATFORM && !platformMember) {
            return false;
        }
        return isPlatformAdmin() || orgId.equals(targetOrgId);
    }

    /** Whether the roles grant {@code permission} in the principal's own organization. */
    public boolean may(Permission permission) {
        return may(permission, orgId);
    }
}
