package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.givenOrganization;
import static io.hallmark.store.jdbc.Given.givenUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.core.Ids;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Role;
import io.hallmark.server.access.TotpSecret;
import io.hallmark.server.access.User;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

class JdbcUserStoreTest {

    private static Organization givenStoredOrganization(JdbcDatabase db, String name) {
        Organization org = givenOrganization(name);
        db.inTransaction(s -> {
            s.organizations().insert(org);
            return null;
        });
        return org;
    }

    private static void insert(JdbcDatabase db, User user) {
        db.inTransaction(s -> {
            s.users().insert(user);
            return null;
        });
    }

    @EachStore
    void insertedUserRoundTrips(JdbcDatabase db) {
        Organization org = givenStoredOrganization(db, "Acme");
        User user = new User(
                Ids.newId("usr"),
                org.id(),
                "alice",
                Set.of(Role.SECURITY_OFFICER, Role.RELEASE_MANAGER),
                Optional.of("$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA"),
                Given.T0,
                true);
        insert(db, user);

        User found = db.read(s -> s.users().findById(user.id())).orElseThrow();

        assertThat(found).usingRecursiveComparison().isEqualTo(user);
        assertThat(db.<Optional<User>>read(s -> s.users().findByName("alice"))).contains(user);
        assertThat(db.<Optional<User>>read(s -> s.users().findByName("bob"))).isEmpty();
    }

    @EachStore
    void duplicateUserNameIsAConflict(JdbcDatabase db) {
        Organization acme = givenStoredOrganization(db, "Acme");
        Organization other = givenStoredOrganization(db, "Other");
        insert(db, givenUser(acme.id(), "alice"));

        assertThatThrownBy(() -> insert(db, givenUser(other.id(), "alice")))
                .isInstanceOf(ConflictException.class)
                .hasMessage("user name already exists");
    }

    @EachStore
    void updateReplacesRolesPasswordHashAndDisabled(JdbcDatabase db) {
        Organization org = givenStoredOrganization(db, "Acme");
        User user = givenUser(org.id(), "alice");
        insert(db, user);
        User changed = new User(
                user.id(),
                user.orgId(),
                user.name(),
                Set.of(Role.AUDITOR),
                Optional.of("$argon2id$new"),
                user.createdAt(),
                true);

        db.inTransaction(s -> {
            s.users().update(changed);
            return null;
        });

        User found = db.read(s -> s.users().findById(user.id())).orElseThrow();
        assertThat(found).usingRecursiveComparison().isEqualTo(changed);
    }

    @EachStore
    void updatingAnUnknownUserFails(JdbcDatabase db) {
        Organization org = givenStoredOrganization(db, "Acme");

        assertThatThrownBy(() -> db.inTransaction(s -> {
                    s.users().update(givenUser(org.id(), "ghost"));
                    return null;
                }))
                .isInstanceOf(IllegalStateException.class);
    }

    @EachStore
    void userOfAnUnknownOrganizationIsRefusedWithoutSqlInTheMessage(JdbcDatabase db) {
        assertThatThrownBy(() -> insert(db, givenUser("org_unknown", "alice")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("database: error with SQLState 23")
                .hasMessageNotContaining("INSERT")
                .hasMessageNotContaining("users");
    }

    @EachStore
    void listFiltersByOrganizationAndPagesById(JdbcDatabase db) {
        Organization acme = givenStoredOrganization(db, "Acme");
        Organization other = givenStoredOrganization(db, "Other");
        List<User> acmeUsers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            acmeUsers.add(givenUser(acme.id(), "acme-" + i));
        }
        User stranger = givenUser(other.id(), "stranger");
        db.inTransaction(s -> {
            acmeUsers.forEach(s.users()::insert);
            s.users().insert(stranger);
            return null;
        });
        acmeUsers.sort(Comparator.comparing(User::id));

        Page<User> first = db.read(s -> s.users().list(Optional.of(acme.id()), PageRequest.first(3)));
        Page<User> second = db.read(s -> s.users().list(Optional.of(acme.id()), new PageRequest(first.next(), 3)));
        Page<User> everyone = db.read(s -> s.users().list(Optional.empty(), PageRequest.first(100)));

        assertThat(first.items()).containsExactlyElementsOf(acmeUsers.subList(0, 3));
        assertThat(second.items()).containsExactlyElementsOf(acmeUsers.subList(3, 5));
        assertThat(second.next()).isEmpty();
        assertThat(everyone.items()).hasSize(6).contains(stranger).isSortedAccordingTo(Comparator.comparing(User::id));
    }

    @EachStore
    void totpSecretRoundTripsAndEachStepIsUsedOnce(JdbcDatabase db) {
        Organization org = givenStoredOrganization(db, "Acme");
        User user = givenUser(org.id(), "alice");
        insert(db, user);
        TotpSecret pending = new TotpSecret(user.id(), "v1.sealed", false, -1, Given.T0);
        db.inTransaction(s -> {
            s.users().putTotp(pending);
            return null;
        });
        assertThat(db.<Optional<TotpSecret>>read(s -> s.users().findTotp(user.id())))
                .contains(pending);
        assertThat(db.<Boolean>inTransaction(s -> s.users().useTotpStep(user.id(), 5)))
                .as("an unconfirmed secret is not usable")
                .isFalse();

        db.inTransaction(s -> {
            s.users().putTotp(new TotpSecret(user.id(), "v1.sealed", true, 4, Given.T0));
            return null;
        });

        assertThat(db.<Boolean>inTransaction(s -> s.users().useTotpStep(user.id(), 5)))
                .isTrue();
        assertThat(db.<Boolean>inTransaction(s -> s.users().useTotpStep(user.id(), 5)))
                .isFalse();
        assertThat(db.<Boolean>inTransaction(s -> s.users().useTotpStep(user.id(), 4)))
                .isFalse();
        assertThat(db.<Boolean>inTransaction(s -> s.users().deleteTotp(user.id())))
                .isTrue();
        assertThat(db.<Boolean>inTransaction(s -> s.users().deleteTotp(user.id())))
                .isFalse();
        assertThat(db.<Optional<TotpSecret>>read(s -> s.users().findTotp(user.id())))
                .isEmpty();
    }
}
