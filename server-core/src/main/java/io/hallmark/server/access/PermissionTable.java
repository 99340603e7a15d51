package io.hallmark.server.access;

import static io.hallmark.server.access.Permission.ALERT_MANAGE;
import static io.hallmark.server.access.Permission.ALERT_READ;
import static io.hallmark.server.access.Permission.AUDIT_EXPORT;
import static io.hallmark.server.access.Permission.AUDIT_READ;
import static io.hallmark.server.access.Permission.AUDIT_VERIFY;
import static io.hallmark.server.access.Permission.BREAK_GLASS_READ;
import static io.hallmark.server.access.Permission.BREAK_GLASS_REVIEW;
import static io.hallmark.server.access.Permission.BREAK_GLASS_START;
import static io.hallmark.server.access.Permission.CA_REVOKE;
import static io.hallmark.server.access.Permission.CRA_MANAGE;
import static io.hallmark.server.access.Permission.CRA_READ;
import static io.hallmark.server.access.Permission.DEVICE_OPERATE;
import static io.hallmark.server.access.Permission.DEVICE_PROVISION;
import static io.hallmark.server.access.Permission.DEVICE_READ;
import static io.hallmark.server.access.Permission.DEVICE_RETIRE;
import static io.hallmark.server.access.Permission.ENROLLMENT_POLICY_WRITE;
import static io.hallmark.server.access.Permission.FLEET_AUDIT_MANAGE;
import static io.hallmark.server.access.Permission.FLEET_AUDIT_READ;
import static io.hallmark.server.access.Permission.LABEL_ISSUE;
import static io.hallmark.server.access.Permission.LABEL_READ;
import static io.hallmark.server.access.Permission.LABEL_REQUEST;
import static io.hallmark.server.access.Permission.LABEL_REVIEW;
import static io.hallmark.server.access.Permission.LABEL_REVOKE;
import static io.hallmark.server.access.Permission.METRICS_READ;
import static io.hallmark.server.access.Permission.ORG_CREATE;
import static io.hallmark.server.access.Permission.ORG_READ;
import static io.hallmark.server.access.Permission.PRODUCT_READ;
import static io.hallmark.server.access.Permission.PRODUCT_WRITE;
import static io.hallmark.server.access.Permission.RELEASE_PUBLISH;
import static io.hallmark.server.access.Permission.RELEASE_READ;
import static io.hallmark.server.access.Permission.RELEASE_REVOKE;
import static io.hallmark.server.access.Permission.RELEASE_SIGN;
import static io.hallmark.server.access.Permission.RISK_READ;
import static io.hallmark.server.access.Permission.ROLLOUT_MANAGE;
import static io.hallmark.server.access.Permission.ROLLOUT_READ;
import static io.hallmark.server.access.Permission.TOKEN_MANAGE;
import static io.hallmark.server.access.Permission.TOKEN_OWN;
import static io.hallmark.server.access.Permission.TRUST_MANAGE;
import static io.hallmark.server.access.Permission.TUF_ROOT_ROTATE;
import static io.hallmark.server.access.Permission.USER_CREATE;
import static io.hallmark.server.access.Permission.USER_READ;
import static io.hallmark.server.access.Permission.USER_UPDATE;
import static io.hallmark.server.access.Permission.VULN_IMPORT;
import static io.hallmark.server.access.Permission.VULN_READ;
import static io.hallmark.server.access.Permission.WEBHOOK_MANAGE;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table that says which role holds which permission. Deny by default: a permission not listed for any of
 * a principal's roles is refused. {@code docs/access.md} shows this table; a test keeps the two in step.
 *
 * <p>{@link Permission.Scope#PLATFORM} permissions are further limited to members of the platform organization
 * (see {@link Principal#may}).
 */
public final class PermissionTable {
    private static final Map<Role, Set<Permission>> GRANTS = new EnumMap<>(Role.class);

    static {
        GRANTS.put(
                Role.ADMIN,
                EnumSet.of(
                        ORG_CREATE,
                        ORG_READ,
                        USER_CREATE,
                        USER_READ,
                        USER_UPDATE,
                        TOKEN_OWN,
                        TOKEN_MANAGE,
                        AUDIT_READ,
                        AUDIT_EXPORT,
                        AUDIT_VERIFY,
                        BREAK_GLASS_READ,
                        BREAK_GLASS_REVIEW,
                        PRODUCT_READ,
                        PRODUCT_WRITE,
                        DEVICE_READ,
                        DEVICE_PROVISION,
                        DEVICE_OPERATE,
                        DEVICE_RETIRE,
                        TRUST_MANAGE,
                        ENROLLMENT_POLICY_WRITE,
                        METRICS_READ,
                        LABEL_READ,
                        LABEL_REQUEST,
                        LABEL_ISSUE,
                        LABEL_REVOKE,
                        ALERT_READ,
                        ALERT_MANAGE,
                        WEBHOOK_MANAGE,
                        FLEET_AUDIT_READ,
                        FLEET_AUDIT_MANAGE,
                        RELEASE_READ,
                        RELEASE_PUBLISH,
                        RELEASE_REVOKE,
                        RELEASE_SIGN,
                        TUF_ROOT_ROTATE,
                        VULN_READ,
                        VULN_IMPORT,
                        ROLLOUT_READ,
                        ROLLOUT_MANAGE,
                        CRA_READ,
                        CRA_MANAGE,
                        RISK_READ,
                        CA_REVOKE));
        GRANTS.put(
                Role.SECURITY_OFFICER,
                EnumSet.of(
                        ORG_READ,
                        USER_READ,
                        TOKEN_OWN,
                        AUDIT_READ,
                        AUDIT_EXPORT,
                        AUDIT_VERIFY,
                        BREAK_GLASS_START,
                        BREAK_GLASS_READ,
                        PRODUCT_READ,
                        DEVICE_READ,
                        DEVICE_OPERATE,
                        DEVICE_RETIRE,
                        METRICS_READ,
                        LABEL_READ,
                        LABEL_REVOKE,
                        ALERT_READ,
                        ALERT_MANAGE,
                        WEBHOOK_MANAGE,
                        FLEET_AUDIT_READ,
                        FLEET_AUDIT_MANAGE,
                        RELEASE_READ,
                        RELEASE_REVOKE,
                        TUF_ROOT_ROTATE,
                        VULN_READ,
                        VULN_IMPORT,
                        ROLLOUT_READ,
                        ROLLOUT_MANAGE,
                        CRA_READ,
                        CRA_MANAGE,
                        RISK_READ,
                        CA_REVOKE));
        GRANTS.put(
                Role.OPERATOR,
                EnumSet.of(
                        ORG_READ,
                        TOKEN_OWN,
                        PRODUCT_READ,
                        DEVICE_READ,
                        DEVICE_PROVISION,
                        DEVICE_OPERATE,
                        METRICS_READ,
                        LABEL_READ,
                        ALERT_READ,
                        ALERT_MANAGE,
                        FLEET_AUDIT_READ,
                        RELEASE_READ,
                        VULN_READ,
                        ROLLOUT_READ,
                        ROLLOUT_MANAGE,
                        RISK_READ));
        GRANTS.put(
                Role.AUDITOR,
                EnumSet.of(
                        ORG_READ,
                        USER_READ,
                        TOKEN_OWN,
                        AUDIT_READ,
                        AUDIT_EXPORT,
                        AUDIT_VERIFY,
                        BREAK_GLASS_READ,
                        BREAK_GLASS_REVIEW,
                        PRODUCT_READ,
                        DEVICE_READ,
                        LABEL_READ,
                        ALERT_READ,
                        FLEET_AUDIT_READ,
                        RELEASE_READ,
                        VULN_READ,
                        ROLLOUT_READ,
                        CRA_READ,
                        RISK_READ));
        GRANTS.put(
                Role.RELEASE_MANAGER,
                EnumSet.of(
                        ORG_READ,
                        TOKEN_OWN,
                        PRODUCT_READ,
                        PRODUCT_WRITE,
                        DEVICE_READ,
                        LABEL_READ,
                        LABEL_REQUEST,
                        RELEASE_READ,
                        RELEASE_PUBLISH,
                        RELEASE_REVOKE,
                        RELEASE_SIGN,
                        VULN_READ,
                        CRA_READ));
        GRANTS.put(Role.ASSESSOR, EnumSet.of(ORG_READ, TOKEN_OWN, PRODUCT_READ, LABEL_READ, LABEL_REVIEW));
    }

    private PermissionTable() {}

    /** The permissions of one role. */
    public static Set<Permission> grantsOf(Role role) {
        return Set.copyOf(GRANTS.getOrDefault(role, Set.of()));
    }

    /** Whether any of {@code roles} holds {@code permission} (scope not considered). */
    public static boolean anyGrants(Set<Role> roles, Permission permission) {
        for (Role r : roles) {
            if (GRANTS.getOrDefault(r, Set.of()).contains(permission)) {
                return true;
            }
        }
        return false;
    }
}
