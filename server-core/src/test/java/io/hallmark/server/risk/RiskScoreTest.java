package io.hallmark.server.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.server.errors.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** The risk formula of docs/risk-score.md, with values worked by hand. */
class RiskScoreTest {
    @Test
    void aCleanAffirmedDeviceScoresZero() {
        RiskScore.Result r = RiskScore.score(
                RiskScore.Counts.NONE, RiskScore.Counts.NONE, RiskScore.Attestation.AFFIRMING, RiskScore.Exposure.NONE);
        assertThat(r.score()).isZero();
        assertThat(r.factors()).extracting(RiskScore.Factor::factor).containsExactly("attestation");
    }

    @Test
    void aDeviceNeverAttestedScoresFiveForTheUnknown() {
        assertThat(RiskScore.score(
                                RiskScore.Counts.NONE,
                                RiskScore.Counts.NONE,
                                RiskScore.Attestation.UNKNOWN,
                                RiskScore.Exposure.NONE)
                        .score())
                .isEqualTo(5);
    }

    @Test
    void factorsAddUpAsTheFormulaSays() {
        // findings: 1 high (10) + 2 medium (8) + 3 low (3) = 21
        // alerts: 1 medium = 4
        // attestation warning = 10
        // exposure: 1 high advisory = 8
        // total 43
        RiskScore.Result r = RiskScore.score(
                new RiskScore.Counts(0, 1, 2, 3),
                new RiskScore.Counts(0, 0, 1, 0),
                RiskScore.Attestation.WARNING,
                new RiskScore.Exposure(0, 0, 1));
        assertThat(r.score()).isEqualTo(43);
        assertThat(r.factors())
                .extracting(RiskScore.Factor::factor, RiskScore.Factor::points)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("findings", 21),
                        org.assertj.core.groups.Tuple.tuple("attestation", 10),
                        org.assertj.core.groups.Tuple.tuple("exposure", 8),
                        org.assertj.core.groups.Tuple.tuple("alerts", 4));
    }

    @Test
    void eachFactorIsCappedAndTheTotalIsAtMostOneHundred() {
        // findings 2 critical = 50 -> 40; alerts 2 critical = 40 -> 30; contraindicated 30; exploited 2 = 60 -> 40
        // 40 + 30 + 30 + 40 = 140 -> 100
        RiskScore.Result r = RiskScore.score(
                new RiskScore.Counts(2, 0, 0, 0),
                new RiskScore.Counts(2, 0, 0, 0),
                RiskScore.Attestation.CONTRAINDICATED,
                new RiskScore.Exposure(2, 0, 0));
        assertThat(r.score()).isEqualTo(100);
        assertThat(r.factors()).extracting(RiskScore.Factor::points).containsExactly(40, 40, 30, 30);
    }

    @Test
    void oneExploitedAdvisoryOutweighsAWarningAttestation() {
        // exploited 30 + unknown 5 = 35, against a warning attestation alone: 10
        int exploited = RiskScore.score(
                        RiskScore.Counts.NONE,
                        RiskScore.Counts.NONE,
                        RiskScore.Attestation.UNKNOWN,
                        new RiskScore.Exposure(1, 0, 0))
                .score();
        int warned = RiskScore.score(
                        RiskScore.Counts.NONE,
                        RiskScore.Counts.NONE,
                        RiskScore.Attestation.WARNING,
                        RiskScore.Exposure.NONE)
                .score();
        assertThat(exploited).isEqualTo(35);
        assertThat(warned).isEqualTo(10);
    }

    @Test
    void countsAddBySeverityName() {
        assertThat(RiskScore.Counts.NONE.plus("CRITICAL", 2).plus("low", 1).plus("HIGH", 1))
                .isEqualTo(new RiskScore.Counts(2, 1, 0, 1));
    }

    @Test
    void attestationStatusesMapToTheirFactor() {
        assertThat(RiskService.attestation("CONTRAINDICATED")).isEqualTo(RiskScore.Attestation.CONTRAINDICATED);
        assertThat(RiskService.attestation("NONE")).isEqualTo(RiskScore.Attestation.UNKNOWN);
        assertThat(RiskService.attestation(null)).isEqualTo(RiskScore.Attestation.UNKNOWN);
        assertThat(RiskService.attestation("AFFIRMING")).isEqualTo(RiskScore.Attestation.AFFIRMING);
    }

    @Test
    void cursorsRoundTripAndOrderWorstFirst() {
        RiskCursor c = RiskCursor.parse("43:dev_abc");
        assertThat(c.toString()).isEqualTo("43:dev_abc");
        assertThat(c.isBefore(42, "dev_aaa")).isTrue();
        assertThat(c.isBefore(43, "dev_abd")).isTrue();
        assertThat(c.isBefore(43, "dev_abc")).isFalse();
        assertThat(c.isBefore(44, "dev_zzz")).isFalse();
        assertThatThrownBy(() -> RiskCursor.parse("101:dev")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> RiskCursor.parse("x")).isInstanceOf(InvalidRequestException.class);
    }
}
