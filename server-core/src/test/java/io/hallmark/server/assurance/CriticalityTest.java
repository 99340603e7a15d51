package io.hallmark.server.assurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CriticalityTest {
    @Test
    void cvssV31BaseScoresMatchTheSpecificationsExamples() {
        // values as the FIRST CVSS v3.1 calculator gives them
        assertThat(Criticality.cvssV3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"))
                .contains(9.8);
        assertThat(Criticality.cvssV3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"))
                .contains(10.0);
        assertThat(Criticality.cvssV3BaseScore("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"))
                .contains(8.1);
        assertThat(Criticality.cvssV3BaseScore("CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N"))
                .contains(4.7);
        assertThat(Criticality.cvssV3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N"))
                .contains(5.3);
        assertThat(Criticality.cvssV3BaseScore("CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H"))
                .contains(9.9);
        assertThat(Criticality.cvssV3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"))
                .contains(0.0);
    }

    @Test
    void malformedVectorsHaveNoScore() {
        assertThat(Criticality.cvssV3BaseScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"))
                .isEmpty();
        assertThat(Criticality.cvssV3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H"))
                .isEmpty();
        assertThat(Criticality.cvssV3BaseScore("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"))
                .isEmpty();
        assertThat(Criticality.cvssV3BaseScore("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"))
                .isEmpty();
        assertThat(Criticality.cvssV3BaseScore(null)).isEmpty();
    }

    @Test
    void anAdvisoryIsCriticalByScoreBySeverityTextOrByBeingExploited() {
        String scored = "{\"id\":\"A\",\"severity\":[{\"type\":\"CVSS_V3\","
                + "\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}]}";
        assertThat(Criticality.why(scored, false)).contains("CVSS 9.8");
        String high = "{\"id\":\"B\",\"severity\":[{\"type\":\"CVSS_V3\","
                + "\"score\":\"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H\"}]}";
        assertThat(Criticality.why(high, false)).isEmpty();
        assertThat(Criticality.why(high, true)).contains("known exploited");
        assertThat(Criticality.why("{\"database_specific\":{\"severity\":\"CRITICAL\"}}", false))
                .contains("severity CRITICAL");
        assertThat(Criticality.why("{\"affected\":[{\"ecosystem_specific\":{\"severity\":\"critical\"}}]}", false))
                .contains("severity CRITICAL");
        assertThat(Criticality.why("{\"database_specific\":{\"severity\":\"HIGH\"}}", false))
                .isEmpty();
        assertThat(Criticality.why("not json", false)).isEmpty();
    }

    @Test
    void anAdvisoryIsKnownFromItsPublicationElseItsModification() {
        Instant fallback = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(Criticality.knownSince(
                        "{\"published\":\"2024-07-01T21:31:15Z\",\"modified\":\"2024-07-03T20:05:21Z\"}", fallback))
                .isEqualTo(Instant.parse("2024-07-01T21:31:15Z"));
        assertThat(Criticality.knownSince("{\"modified\":\"2024-07-03T20:05:21+02:00\"}", fallback))
                .isEqualTo(Instant.parse("2024-07-03T18:05:21Z"));
        assertThat(Criticality.knownSince("{\"published\":\"yesterday\"}", fallback))
                .isEqualTo(fallback);
    }

    @Property
    void anyTextIsEitherNoScoreOrAScoreFromZeroToTen(@ForAll String vector) {
        Optional<Double> s = Criticality.cvssV3BaseScore("CVSS:3.1/" + vector);
        s.ifPresent(v -> assertThat(v).isBetween(0.0, 10.0));
        Criticality.why(vector, false);
    }
}
