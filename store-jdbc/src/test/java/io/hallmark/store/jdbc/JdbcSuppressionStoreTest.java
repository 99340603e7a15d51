package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.Ids;
import io.hallmark.server.access.Organization;
import io.hallmark.server.behaviour.Alert;
import io.hallmark.server.behaviour.AlertSuppression;
import io.hallmark.server.behaviour.AlertSuppression.Scope;
import java.util.List;
import java.util.Optional;

class JdbcSuppressionStoreTest {
    private static Organization org(JdbcDatabase db, String name) {
        Organization o = givenOrganization(name);
        db.inTransaction(s -> {
            s.organizations().insert(o);
            return null;
        });
        return o;
    }

    private static AlertSuppression suppression(Organization o, Scope scope, String target, int expiresInHours) {
        return new AlertSuppression(
                Ids.newId("als"),
                o.id(),
                "behaviour.listen.telnet",
                scope,
                target,
                "diagnostics",
                T0.plusSeconds(3600L * expiresInHours),
                "usr_X",
                T0,
                Optional.empty());
    }

    private static void insert(JdbcDatabase db, AlertSuppression... xs) {
        db.inTransaction(s -> {
            for (AlertSuppression x : xs) {
                s.alertSuppressions().insert(x);
            }
            return null;
        });
    }

    @EachStore
    void aSuppressionRoundTripsAndIsLiftedOnce(JdbcDatabase db) {
        Organization o = org(db, "Owner");
        AlertSuppression x = suppression(o, Scope.DEVICE, "dev_1", 2);
        insert(db, x);
        assertThat(db.<Optional<AlertSuppression>>read(
                        s -> s.alertSuppressions().find(x.id())))
                .contains(x);

        Alert.Triage lift = new Alert.Triage("usr_Y", T0.plusSeconds(60), "done");
        assertThat(db.<Boolean>inTransaction(s -> s.alertSuppressions().lift(x.id(), lift)))
                .isTrue();
        assertThat(db.<Boolean>inTransaction(s -> s.alertSuppressions().lift(x.id(), lift)))
                .as("only once")
                .isFalse();
        AlertSuppression lifted = db.<Optional<AlertSuppression>>read(
                        s -> s.alertSuppressions().find(x.id()))
                .orElseThrow();
        assertThat(lifted.lifted()).contains(lift);
        assertThat(lifted.isActive(T0)).isFalse();
    }

    @EachStore
    void onlyTheSuppressionsInForceAreListedUnlessAllAreAsked(JdbcDatabase db) {
        Organization o = org(db, "Owner");
        Organization other = org(db, "Other");
        AlertSuppression expired = suppression(o, Scope.ORGANIZATION, o.id(), 1);
        AlertSuppression live = suppression(o, Scope.PRODUCT, "prd_1", 5);
        AlertSuppression elsewhere = suppression(other, Scope.ORGANIZATION, other.id(), 5);
        insert(db, expired, live, elsewhere);
        var at = T0.plusSeconds(7200);

        assertThat(db.<List<AlertSuppression>>read(s -> s.alertSuppressions().list(o.id(), false, at, 10)))
                .containsExactly(live);
        assertThat(db.<List<AlertSuppression>>read(s -> s.alertSuppressions().list(o.id(), true, at, 10)))
                .as("newest first")
                .containsExactly(live, expired);
        assertThat(db.<List<AlertSuppression>>read(s -> s.alertSuppressions().active(at, 10)))
                .containsExactlyInAnyOrder(live, elsewhere);
    }
}
