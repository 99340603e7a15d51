package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static io.hallmark.store.jdbc.Given.givenToken;
import static io.hallmark.store.jdbc.Given.givenUser;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.access.ApiToken;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

class JdbcTokenStoreTest {

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

    private static void insert(JdbcDatabase db, ApiToken... tokens) {
        db.inTransaction(s -> {
            for (ApiToken t : tokens) {
                s.tokens().insert(t);
            }
            return null;
        });
    }

    @EachStore
    void insertedTokenRoundTripsWithItsSecretHash(JdbcDatabase db) {
        User user = givenStoredUser(db, "alice");
        ApiToken token = givenToken(user.id(), T0);
        insert(db, token);

        ApiToken found = db.read(s -> s.tokens().findById(token.id())).orElseThrow();

        assertThat(found.userId()).isEqualTo(user.id());
        assertThat(found.name()).isEqualTo("ci");
        assertThat(found.secretHash()).isEqualTo(token.secretHash());
        assertThat(found.createdAt()).isEqualTo(token.createdAt());
        assertThat(found.expiresAt()).isEqualTo(token.expiresAt());
        assertThat(found.revokedAt()).isEmpty();
        assertThat(db.<Optional<ApiToken>>read(s -> s.tokens().findById("tok_unknown")))
                .isEmpty();
    }

    @EachStore
    void revokeMarksATokenOnlyOnce(JdbcDatabase db) {
        User user = givenStoredUser(db, "alice");
        ApiToken token = givenToken(user.id(), T0);
        insert(db, token);
        Instant at = T0.plusSeconds(60);

        boolean first = db.inTransaction(s -> s.tokens().revoke(token.id(), at));
        boolean second = db.inTransaction(s -> s.tokens().revoke(token.id(), at.plusSeconds(1)));
        boolean unknown = db.inTransaction(s -> s.tokens().revoke("tok_unknown", at));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(unknown).isFalse();
        ApiToken found = db.read(s -> s.tokens().findById(token.id())).orElseThrow();
        assertThat(found.revokedAt()).contains(at);
        assertThat(found.isUsable(T0.plusSeconds(1))).isFalse();
    }

    @EachStore
    void revokeAllOfUserRevokesOnlyThatUsersUnrevokedTokens(JdbcDatabase db) {
        User alice = givenStoredUser(db, "alice");
        User bob = givenStoredUser(db, "bob");
        ApiToken a1 = givenToken(alice.id(), T0);
        ApiToken a2 = givenToken(alice.id(), T0.plusSeconds(1));
        ApiToken a3 = givenToken(alice.id(), T0.plusSeconds(2));
        ApiToken b1 = givenToken(bob.id(), T0);
        insert(db, a1, a2, a3, b1);
        db.inTransaction(s -> s.tokens().revoke(a3.id(), T0.plusSeconds(5)));

        int revoked = db.inTransaction(s -> s.tokens().revokeAllOfUser(alice.id(), T0.plusSeconds(10)));

        assertThat(revoked).isEqualTo(2);
        assertThat(db.<Optional<ApiToken>>read(s -> s.tokens().findById(a3.id()))
                        .orElseThrow()
                        .revokedAt())
                .contains(T0.plusSeconds(5));
        assertThat(db.<Optional<ApiToken>>read(s -> s.tokens().findById(a1.id()))
                        .orElseThrow()
                        .revokedAt())
                .contains(T0.plusSeconds(10));
        assertThat(db.<Optional<ApiToken>>read(s -> s.tokens().findById(b1.id()))
                        .orElseThrow()
                        .revokedAt())
                .isEqualTo(Optional.empty());
    }

    @EachStore
    void listByUserIsNewestFirst(JdbcDatabase db) {
        User alice = givenStoredUser(db, "alice");
        User bob = givenStoredUser(db, "bob");
        ApiToken old = givenToken(alice.id(), T0);
        ApiToken newer = givenToken(alice.id(), T0.plusSeconds(60));
        ApiToken newest = givenToken(alice.id(), T0.plusSeconds(120));
        insert(db, newer, old, newest, givenToken(bob.id(), T0));

        List<ApiToken> tokens = db.read(s -> s.tokens().listByUser(alice.id()));

        assertThat(tokens).containsExactly(newest, newer, old);
    }
}
