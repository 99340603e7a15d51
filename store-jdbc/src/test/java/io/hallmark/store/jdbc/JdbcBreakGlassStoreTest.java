package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenBreakGlass;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static io.hallmark.store.jdbc.Given.givenUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.server.access.BreakGlassSession;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

class JdbcBreakGlassStoreTest {
    private static final Duration HOUR = Duration.ofHours(1);

    private static User givenStoredUser(JdbcDatabase db, String name) {
        Organization org = givenOrganization("org of " + name);
        User user = givenUser(org.id(), name);
        db.inTransaction(s -> {
            s.organizations().insert(org);
            s.users().insert(user);
            return null;
        });
        return user;
    }

    private static void insert(JdbcDatabase db, BreakGlassSession... sessions) {
        db.inTransaction(s -> {
            for (BreakGlassSession b : sessions) {
                s.breakGlass().insert(b);
            }
            return null;
        });
    }

    private static BreakGlassSession ended(BreakGlassSession s, Instant at) {
        return new BreakGlassSession(
                s.id(),
                s.userId(),
                s.orgId(),
                s.reason(),
                s.startedAt(),
                s.expiresAt(),
                Optional.of(at),
                s.reviewedBy(),
                s.reviewedAt(),
                s.reviewNote());
    }

    @EachStore
    void insertedSessionRoundTrips(JdbcDatabase db) {
        User user = givenStoredUser(db, "alice");
        BreakGlassSession session = givenBreakGlass(user.id(), user.orgId(), T0, T0.plus(HOUR));
        insert(db, session);

        assertThat(db.<Optional<BreakGlassSession>>read(s -> s.breakGlass().findById(session.id())))
                .contains(session);
        assertThat(db.<Optional<BreakGlassSession>>read(s -> s.breakGlass().findById("bg_unknown")))
                .isEmpty();
    }

    @EachStore
    void updateRecordsTheEndAndTheReview(JdbcDatabase db) {
        User user = givenStoredUser(db, "alice");
        User reviewer = givenStoredUser(db, "bob");
        BreakGlassSession session = givenBreakGlass(user.id(), user.orgId(), T0, T0.plus(HOUR));
        insert(db, session);
        BreakGlassSession reviewed = new BreakGlassSession(
                session.id(),
                session.userId(),
                session.orgId(),
                session.reason(),
                session.startedAt(),
                session.expiresAt(),
                Optional.of(T0.plusSeconds(600)),
                Optional.of(reviewer.id()),
                Optional.of(T0.plusSeconds(7200)),
                Optional.of("justified"));

        db.inTransaction(s -> {
            s.breakGlass().update(reviewed);
            return null;
        });

        assertThat(db.<Optional<BreakGlassSession>>read(s -> s.breakGlass().findById(session.id())))
                .contains(reviewed);
    }

    @EachStore
    void updatingAnUnknownSessionFails(JdbcDatabase db) {
        User user = givenStoredUser(db, "alice");

        assertThatThrownBy(() -> db.inTransaction(s -> {
                    s.breakGlass().update(givenBreakGlass(user.id(), user.orgId(), T0, T0.plus(HOUR)));
                    return null;
                }))
                .isInstanceOf(IllegalStateException.class);
    }

    @EachStore
    void findActiveReturnsTheUsersUnendedUnexpiredSessions(JdbcDatabase db) {
        User alice = givenStoredUser(db, "alice");
        User bob = givenStoredUser(db, "bob");
        Instant now = T0.plus(HOUR);
        BreakGlassSession active = givenBreakGlass(alice.id(), alice.orgId(), T0, now.plusMillis(1));
        BreakGlassSession expiresNow = givenBreakGlass(alice.id(), alice.orgId(), T0, now);
        BreakGlassSession endedEarly = ended(givenBreakGlass(alice.id(), alice.orgId(), T0, now.plus(HOUR)), now);
        BreakGlassSession bobs = givenBreakGlass(bob.id(), bob.orgId(), T0, now.plus(HOUR));
        insert(db, active, expiresNow, endedEarly, bobs);

        List<BreakGlassSession> found = db.read(s -> s.breakGlass().findActive(alice.id(), now));

        assertThat(found).containsExactly(active);
        assertThat(found).allMatch(b -> b.isActive(now));
    }

    @EachStore
    void findExpiredUnendedReturnsSessionsPastExpiryNotYetEnded(JdbcDatabase db) {
        User alice = givenStoredUser(db, "alice");
        Instant now = T0.plus(HOUR);
        BreakGlassSession expired = givenBreakGlass(alice.id(), alice.orgId(), T0, now.minusSeconds(1));
        BreakGlassSession expiresNow = givenBreakGlass(alice.id(), alice.orgId(), T0, now);
        BreakGlassSession stillActive = givenBreakGlass(alice.id(), alice.orgId(), T0, now.plusSeconds(1));
        BreakGlassSession alreadyEnded =
                ended(givenBreakGlass(alice.id(), alice.orgId(), T0, now.minusSeconds(5)), now.minusSeconds(10));
        insert(db, expired, expiresNow, stillActive, alreadyEnded);

        List<BreakGlassSession> found = db.read(s -> s.breakGlass().findExpiredUnended(now));

        assertThat(found).containsExactlyInAnyOrder(expired, expiresNow);
    }

    @EachStore
    void listIsNewestFirstFilteredByOrganizationAndLimited(JdbcDatabase db) {
        User alice = givenStoredUser(db, "alice");
        User bob = givenStoredUser(db, "bob");
        BreakGlassSession first = givenBreakGlass(alice.id(), alice.orgId(), T0, T0.plus(HOUR));
        BreakGlassSession second = givenBreakGlass(alice.id(), alice.orgId(), T0.plusSeconds(10), T0.plus(HOUR));
        BreakGlassSession third = givenBreakGlass(alice.id(), alice.orgId(), T0.plusSeconds(20), T0.plus(HOUR));
        BreakGlassSession bobs = givenBreakGlass(bob.id(), bob.orgId(), T0.plusSeconds(30), T0.plus(HOUR));
        insert(db, second, first, bobs, third);

        assertThat(db.<List<BreakGlassSession>>read(s -> s.breakGlass().list(Optional.of(alice.orgId()), 10)))
                .containsExactly(third, second, first);
        assertThat(db.<List<BreakGlassSession>>read(s -> s.breakGlass().list(Optional.of(alice.orgId()), 2)))
                .containsExactly(third, second);
        assertThat(db.<List<BreakGlassSession>>read(s -> s.breakGlass().list(Optional.empty(), 10)))
                .containsExactly(bobs, third, second, first);
    }
}
