package io.hallmark.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalTest {
    static Principal of(String org, boolean platform, Role... roles) {
        return new Principal("usr_1", "u", org, platform, Set.of(roles), "tok_1", Optional.empty());
    }

    @Test
    void organizationAdminActsOnlyInTheirOwnOrganization() {
        Principal p = of("org_a", false, Role.ADMIN);
        assertThat(p.may(Permission.USER_CREATE, "org_a")).isTrue();
        assertThat(p.may(Permission.USER_CREATE, "org_b")).isFalse();
    }

    @Test
    void platformScopedPermissionNeedsPlatformMembership() {
        assertThat(of("org_a", false, Role.ADMIN).may(Permission.ORG_CREATE)).isFalse();
        assertThat(of("org_p", true, Role.ADMIN).may(Permission.ORG_CREATE)).isTrue();
        assertThat(of("org_p", true, Role.OPERATOR).may(Permission.ORG_CREATE)).isFalse();
    }

    @Test
    void platformAdminActsOnEveryOrganization() {
        assertThat(of("org_p", true, Role.ADMIN).may(Permission.AUDIT_READ, "org_x"))
                .isTrue();
    }

    @Test
    void platformMemberWithoutAdminStaysInTheirOrganization() {
        assertThat(of("org_p", true, Role.AUDITOR).may(Permission.AUDIT_READ, "org_x"))
                .isFalse();
    }

    @Test
    void nothingIsGrantedWithoutARoleThatHoldsIt() {
        for (Permission perm : Permission.values()) {
            assertThat(PermissionTable.anyGrants(Set.of(), perm)).isFalse();
        }
        assertThat(of("org_a", false, Role.RELEASE_MANAGER).may(Permission.AUDIT_READ))
                .isFalse();
    }
}
