package io.hallmark.server.assurance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.assurance.Level;
import io.hallmark.server.errors.InvalidRequestException;
import org.junit.jupiter.api.Test;

class LabelRulesTest {

    @Test
    void levelsOneAndTwoAreIssuedWithoutAReview() {
        assertThatCode(() -> LabelRules.checkIssuable(Labels.requested(Level.L1, Level.L1)))
                .doesNotThrowAnyException();
        assertThatCode(() -> LabelRules.checkIssuable(Labels.requested(Level.L2, Level.L3)))
                .doesNotThrowAnyException();
    }

    @Test
    void levelsThreeAndFourNeedAnAssessorsApproval() {
        for (Level l : new Level[] {Level.L3, Level.L4}) {
            Label requested = Labels.requested(l, Level.L4);
            assertThatThrownBy(() -> LabelRules.checkIssuable(requested))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("approved by an assessor");
            assertThatCode(() -> LabelRules.checkIssuable(requested.withReview(Labels.review(true))))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void aRejectedRequestIsNeverIssued() {
        Label rejected = Labels.requested(Level.L1, Level.L1).withReview(Labels.review(false));
        assertThat(rejected.state()).isEqualTo(LabelState.REJECTED);
        assertThatThrownBy(() -> LabelRules.checkIssuable(rejected))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("rejected");
    }

    @Test
    void aLevelAboveTheOneTheAssessmentReachedIsRefused() {
        assertThatThrownBy(() -> LabelRules.checkIssuable(Labels.requested(Level.L2, Level.L1)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("reached L1");
        Label approved = Labels.requested(Level.L3, Level.L2).withReview(Labels.review(true));
        assertThatThrownBy(() -> LabelRules.checkIssuable(approved)).hasMessageContaining("reached L2");
    }

    @Test
    void aLabelIsIssuedOnce() {
        assertThatThrownBy(() -> LabelRules.checkIssuable(Labels.issued(Level.L1)))
                .hasMessageContaining("issued (expected: requested or approved)");
    }

    @Test
    void onlyAnIssuedLabelIsRevokedAndOnlyOnce() {
        assertThatThrownBy(() -> LabelRules.checkRevocable(Labels.requested(Level.L1, Level.L1)))
                .hasMessageContaining("expected: issued");
        Label issued = Labels.issued(Level.L1);
        assertThatCode(() -> LabelRules.checkRevocable(issued)).doesNotThrowAnyException();
        Label revoked = issued.withRevocation(new Label.Revocation("usr_ADMIN", Labels.T0, "gone"));
        assertThatThrownBy(() -> LabelRules.checkRevocable(revoked)).hasMessageContaining("revoked");
    }

    @Test
    void aRequestIsReviewedOnceAndNotByItsManufacturer() {
        Label requested = Labels.requested(Level.L3, Level.L3);
        assertThatCode(() -> LabelRules.checkReviewable(requested, "org_ASSESSOR"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> LabelRules.checkReviewable(requested, requested.orgId()))
                .hasMessageContaining("manufacturer's own organization");
        assertThatThrownBy(() -> LabelRules.checkReviewable(requested.withReview(Labels.review(true)), "org_X"))
                .hasMessageContaining("approved (expected: requested)");
    }

    @Test
    void levelsAreParsedStrictly() {
        assertThat(LabelRules.parseLevel("L3")).isEqualTo(Level.L3);
        assertThat(LabelRules.parseLevel("2")).isEqualTo(Level.L2);
        assertThat(LabelRules.parseLevel(" l1 ")).isEqualTo(Level.L1);
        for (String bad : new String[] {null, "", "L0", "NONE", "5", "L5", "one"}) {
            assertThatThrownBy(() -> LabelRules.parseLevel(bad)).isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void aReasonIsRequired() {
        assertThatThrownBy(() -> LabelRules.checkReason(null)).hasMessageContaining("reason");
        assertThatThrownBy(() -> LabelRules.checkReason("  a ")).hasMessageContaining("reason");
        assertThat(LabelRules.checkReason("  fine reason ")).isEqualTo("fine reason");
    }
}
