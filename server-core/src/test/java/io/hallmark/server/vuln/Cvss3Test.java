package io.hallmark.server.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.core.UntrustedInputException;
import org.junit.jupiter.api.Test;

/** Base scores checked against FIRST's CVSS v3.1 calculator and the scores published with well-known CVEs. */
class Cvss3Test {
    @Test
    void log4shellScoresTen() {
        // CVE-2021-44228: scope changed, everything high
        assertThat(Cvss3.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H").baseScore())
                .isEqualTo(10.0);
    }

    @Test
    void networkUnauthenticatedFullImpactScoresNinePointEight() {
        Cvss3 c = Cvss3.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
        assertThat(c.baseScore()).isEqualTo(9.8);
        assertThat(c.severity()).isEqualTo("critical");
    }

    @Test
    void heartbleedScoresSevenPointFive() {
        // CVE-2014-0160 as NVD scores it in v3.x
        Cvss3 c = Cvss3.parse("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
        assertThat(c.baseScore()).isEqualTo(7.5);
        assertThat(c.severity()).isEqualTo("high");
    }

    @Test
    void localLowImpactWithUserInteractionIsLow() {
        // exploitability 8.22 x 0.55 x 0.44 x 0.27 x 0.62 = 0.333; impact 6.42 x 0.22 = 1.412; roundup(1.745) = 1.8
        Cvss3 c = Cvss3.parse("CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N");
        assertThat(c.baseScore()).isEqualTo(1.8);
        assertThat(c.severity()).isEqualTo("low");
    }

    @Test
    void noImpactScoresZero() {
        assertThat(Cvss3.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N").baseScore())
                .isEqualTo(0.0);
    }

    @Test
    void temporalMetricsAreReadAndDoNotChangeTheBaseScore() {
        assertThat(Cvss3.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F/RL:O/RC:C")
                        .baseScore())
                .isEqualTo(9.8);
    }

    @Test
    void roundupFollowsAppendixA() {
        assertThat(Cvss3.roundup(4.0)).isEqualTo(4.0);
        assertThat(Cvss3.roundup(4.02)).isEqualTo(4.1);
        assertThat(Cvss3.roundup(4.000001)).isEqualTo(4.0);
    }

    @Test
    void malformedVectorsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Cvss3.parse("CVSS:2.0/AV:N"))
                .isInstanceOf(UntrustedInputException.class)
                .hasMessageContaining("CVSS:3.0/");
        assertThatThrownBy(() -> Cvss3.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H"))
                .isInstanceOf(UntrustedInputException.class)
                .hasMessageContaining("base metric A missing");
        assertThatThrownBy(() -> Cvss3.parse("CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"))
                .isInstanceOf(UntrustedInputException.class)
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> Cvss3.parse("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"))
                .isInstanceOf(UntrustedInputException.class)
                .hasMessageContaining("AV:Q");
    }

    @Test
    void advisoryRatingTakesTheHighestV3ScoreElseTheDatabaseRating() {
        AdvisoryRating r = AdvisoryRating.of("{\"id\": \"GHSA-1\", \"severity\": [{\"type\": \"CVSS_V3\", \"score\":"
                + " \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N\"}]}");
        assertThat(r.baseScore()).contains(7.5);
        assertThat(r.severity()).isEqualTo("high");
        assertThat(r.cvss()).containsExactly("CVSS_V3 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N (base score 7.5)");
        AdvisoryRating ghsa =
                AdvisoryRating.of("{\"id\": \"GHSA-2\", \"database_specific\": {\"severity\": \"MODERATE\"}}");
        assertThat(ghsa.baseScore()).isEmpty();
        assertThat(ghsa.severity()).isEqualTo("medium");
        assertThat(AdvisoryRating.of("{\"id\": \"X\"}").severity()).isEqualTo("unknown");
    }
}
