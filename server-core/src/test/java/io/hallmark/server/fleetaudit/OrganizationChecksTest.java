package io.hallmark.server.fleetaudit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.access.ApiToken;
import io.hallmark.server.access.Role;
import io.hallmark.server.access.User;
import io.hallmark.server.identity.Product;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrganizationChecksTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-11-26");

    private final OrganizationChecks checks = new OrganizationChecks(FleetAuditSettings.defaults());

    private static User user(String name, boolean disabled, Role... roles) {
        return new User("usr_" + name, "owner", name, Set.of(roles), Optional.empty(), NOW, disabled);
    }

    private static List<User> admins(int n) {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            users.add(user("admin" + i, false, Role.ADMIN));
        }
        return users;
    }

    @Test
    void moreThanThreeEnabledAdminsFires() {
        Optional<Observation> o = checks.admins("owner", "Owner", admins(4));
        assertThat(o).hasValueSatisfying(x -> {
            assertThat(x.check()).isEqualTo(AuditCheck.ORG_ADMINS_TOO_MANY);
            assertThat(x.actual()).startsWith("4 enabled admins: admin0, admin1");
        });
    }

    @Test
    void threeAdminsDisabledAdminsAndOtherRolesAreQuiet() {
        List<User> users = admins(3);
        users.add(user("gone", true, Role.ADMIN));
        users.add(user("op", false, Role.OPERATOR));
        assertThat(checks.admins("owner", "Owner", users)).isEmpty();
    }

    @Test
    void theAdminLimitIsConfigurable() {
        OrganizationChecks strict =
                new OrganizationChecks(FleetAuditSettings.defaults().withMaxAdmins(1));
        assertThat(strict.admins("owner", "Owner", admins(2))).isPresent();
    }

    private static ApiToken token(Duration lifetime, Optional<Instant> revoked) {
        Instant created = NOW.minus(Duration.ofDays(1));
        return new ApiToken("tok_1", "usr_a", "ci", new byte[32], created, created.plus(lifetime), revoked);
    }

    @Test
    void aTokenLivingLongerThan90DaysFires() {
        User u = user("a", false, Role.OPERATOR);
        assertThat(checks.token(u, token(Duration.ofDays(365), Optional.empty()), NOW))
                .hasValueSatisfying(x -> {
                    assertThat(x.check()).isEqualTo(AuditCheck.TOKEN_LIFETIME_TOO_LONG);
                    assertThat(x.resource()).isEqualTo(new Resource("token", "tok_1", "ci of a"));
                });
    }

    @Test
    void a90DayTokenOrARevokedOneIsQuiet() {
        User u = user("a", false, Role.OPERATOR);
        assertThat(checks.token(u, token(Duration.ofDays(90), Optional.empty()), NOW))
                .isEmpty();
        assertThat(checks.token(u, token(Duration.ofDays(365), Optional.of(NOW)), NOW))
                .isEmpty();
    }

    @Test
    void anAuditChainNeverOrLongAgoVerifiedFires() {
        assertThat(checks.auditVerified(Optional.empty(), NOW))
                .hasValueSatisfying(x -> assertThat(x.actual()).isEqualTo("never verified"));
        assertThat(checks.auditVerified(Optional.of(NOW.minus(Duration.ofDays(31))), NOW))
                .hasValueSatisfying(x -> assertThat(x.check()).isEqualTo(AuditCheck.AUDIT_CHAIN_UNVERIFIED));
    }

    @Test
    void anAuditChainVerifiedLatelyIsQuiet() {
        assertThat(checks.auditVerified(Optional.of(NOW.minus(Duration.ofDays(29))), NOW))
                .isEmpty();
    }

    @Test
    void aCaExpiringWithinHalfAYearFiresAndALongLivedOneIsQuiet() {
        X509Certificate soon = TestCertificates.of(
                TestKeys.ec("secp256r1"), "Soon CA", NOW.minus(Duration.ofDays(3000)), NOW.plus(Duration.ofDays(20)));
        X509Certificate later = TestCertificates.of(
                TestKeys.ec("secp256r1"), "Later CA", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3000)));
        List<Observation> out = checks.caExpiring(Map.of("org.owner.root", later, "org.owner.ldevid-ca", soon), NOW);
        assertThat(out).singleElement().satisfies(x -> {
            assertThat(x.check()).isEqualTo(AuditCheck.CA_CERTIFICATE_EXPIRING);
            assertThat(x.resource().id()).isEqualTo("org.owner.ldevid-ca");
            assertThat(x.actual()).contains("in 20 days");
        });
        assertThat(checks.caExpiring(Map.of("org.owner.root", later), NOW)).isEmpty();
    }

    private static Product product(Optional<LocalDate> supportUntil) {
        return new Product("prd_1", "maker", "cam-200", "Camera", "2.25.1", supportUntil, NOW);
    }

    @Test
    void aProductOutOfSupportWithDevicesInServiceFires() {
        assertThat(checks.supportEnded(product(Optional.of(TODAY.minusDays(1))), 12, TODAY))
                .hasValueSatisfying(x -> {
                    assertThat(x.check()).isEqualTo(AuditCheck.PRODUCT_SUPPORT_ENDED);
                    assertThat(x.actual()).endsWith("12 devices in service");
                });
    }

    @Test
    void aSupportedProductOrOneWithoutDevicesOrDateIsQuiet() {
        assertThat(checks.supportEnded(product(Optional.of(TODAY)), 12, TODAY)).isEmpty();
        assertThat(checks.supportEnded(product(Optional.of(TODAY.minusDays(1))), 0, TODAY))
                .isEmpty();
        assertThat(checks.supportEnded(product(Optional.empty()), 12, TODAY)).isEmpty();
    }
}
