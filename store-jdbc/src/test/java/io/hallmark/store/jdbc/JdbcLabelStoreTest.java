package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.assurance.Level;
import io.hallmark.core.Ids;
import io.hallmark.server.access.Organization;
import io.hallmark.server.assurance.Label;
import io.hallmark.server.assurance.LabelState;
import io.hallmark.server.identity.Product;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.time.LocalDate;
import java.util.Optional;

class JdbcLabelStoreTest {

    private static Product product(JdbcDatabase db, String name) {
        Organization maker = givenOrganization(name);
        Product p = new Product(
                Ids.newId("prd"),
                maker.id(),
                "cam-200",
                "Camera",
                "2.25.1234",
                Optional.of(LocalDate.of(2031, 12, 31)),
                T0);
        db.inTransaction(s -> {
            s.organizations().insert(maker);
            s.products().insert(p);
            return null;
        });
        return p;
    }

    private static Label label(
            Product p,
            LabelState state,
            Optional<Label.Review> review,
            Optional<Label.Issue> issue,
            Optional<Label.Revocation> revocation,
            Optional<String> lastStatus) {
        return new Label(
                "lbl_" + p.id().substring(4),
                p.orgId(),
                p.id(),
                p.model(),
                p.name(),
                "Maker",
                Level.L3,
                Level.L3,
                state,
                "ab".repeat(32),
                "{\"coverage\":[{\"catalog\":\"etsi-en-303-645\",\"version\":\"3.1.3\"}]}",
                5,
                "usr_REQUESTER",
                T0,
                review,
                issue,
                revocation,
                lastStatus);
    }

    private static void insert(JdbcDatabase db, Label l) {
        db.inTransaction(s -> {
            s.labels().insert(l);
            return null;
        });
    }

    @EachStore
    void aLabelRoundTripsThroughEveryWorkflowState(JdbcDatabase db) {
        Product p = product(db, "Maker");
        Label requested =
                label(p, LabelState.REQUESTED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        insert(db, requested);
        assertThat(db.<Optional<Label>>read(s -> s.labels().findById(requested.id())))
                .contains(requested);

        Label.Review review =
                new Label.Review("usr_A", "org_ASSESSOR", "Assessors", true, "evidence checked", T0.plusSeconds(60));
        Label approved = label(
                p, LabelState.APPROVED, Optional.of(review), Optional.empty(), Optional.empty(), Optional.empty());
        Label.Issue issue = new Label.Issue("h.p.s", "usr_ADMIN", T0.plusSeconds(120), T0.plusSeconds(999_999));
        Label issued = label(
                p, LabelState.ISSUED, Optional.of(review), Optional.of(issue), Optional.empty(), Optional.of("valid"));
        Label revoked = label(
                p,
                LabelState.REVOKED,
                Optional.of(review),
                Optional.of(issue),
                Optional.of(new Label.Revocation("usr_ADMIN", T0.plusSeconds(180), "key leaked")),
                Optional.of("revoked"));
        for (Label[] step : new Label[][] {{requested, approved}, {approved, issued}, {issued, revoked}}) {
            Label before = step[0];
            Label after = step[1];
            assertThat(db.<Boolean>inTransaction(s -> s.labels().update(after, before.state())))
                    .isTrue();
            assertThat(db.<Optional<Label>>read(s -> s.labels().findById(after.id())))
                    .contains(after);
        }
    }

    @EachStore
    void anUpdateAppliesOnlyWhenTheStateIsStillTheExpectedOne(JdbcDatabase db) {
        Product p = product(db, "Maker");
        Label requested =
                label(p, LabelState.REQUESTED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        insert(db, requested);
        Label.Review no = new Label.Review("usr_A", "org_ASSESSOR", "Assessors", false, "no evidence", T0);
        Label rejected =
                label(p, LabelState.REJECTED, Optional.of(no), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(db.<Boolean>inTransaction(s -> s.labels().update(rejected, LabelState.APPROVED)))
                .isFalse();
        assertThat(db.<Optional<Label>>read(s -> s.labels().findById(requested.id())))
                .contains(requested);
    }

    @EachStore
    void labelsAreListedPerManufacturerAndPerState(JdbcDatabase db) {
        Product a = product(db, "A");
        Product b = product(db, "B");
        Label la =
                label(a, LabelState.REQUESTED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        Label lb =
                label(b, LabelState.REQUESTED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        insert(db, la);
        insert(db, lb);
        assertThat(db.<Page<Label>>read(s -> s.labels().list(a.orgId(), PageRequest.first(10)))
                        .items())
                .containsExactly(la);
        Page<Label> first = db.read(s -> s.labels().listInState(LabelState.REQUESTED, PageRequest.first(1)));
        assertThat(first.items()).hasSize(1);
        Page<Label> second =
                db.read(s -> s.labels().listInState(LabelState.REQUESTED, new PageRequest(first.next(), 1)));
        assertThat(second.items()).hasSize(1).doesNotContainAnyElementsOf(first.items());
        assertThat(db.<Page<Label>>read(s -> s.labels().listInState(LabelState.ISSUED, PageRequest.first(10)))
                        .items())
                .isEmpty();
    }
}
