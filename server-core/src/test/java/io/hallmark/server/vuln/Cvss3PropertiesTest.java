package io.hallmark.server.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.UntrustedInputException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The CVSS vector parser is fuzzed: it scores or refuses with {@link UntrustedInputException}, nothing else. */
class Cvss3PropertiesTest {
    private static final String GOOD = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";

    @Provide
    Arbitrary<String> mutated() {
        return Arbitraries.integers().between(0, GOOD.length()).flatMap(at -> Arbitraries.integers()
                .between(0, Math.min(6, GOOD.length() - at))
                .flatMap(len -> Arbitraries.strings()
                        .withChars("CVS:3.01/AVNLPHURCIEXMW\u00e9 ")
                        .ofMaxLength(8)
                        .map(s -> GOOD.substring(0, at) + s + GOOD.substring(at + len))));
    }

    @Provide
    Arbitrary<String> valid() {
        return Combinators.combine(
                        Arbitraries.of("N", "A", "L", "P"),
                        Arbitraries.of("L", "H"),
                        Arbitraries.of("N", "L", "H"),
                        Arbitraries.of("N", "R"),
                        Arbitraries.of("U", "C"),
                        Arbitraries.of("H", "L", "N"),
                        Arbitraries.of("H", "L", "N"),
                        Arbitraries.of("H", "L", "N"))
                .as((av, ac, pr, ui, s, c, i, a) -> "CVSS:3.1/AV:" + av + "/AC:" + ac + "/PR:" + pr + "/UI:" + ui
                        + "/S:" + s + "/C:" + c + "/I:" + i + "/A:" + a);
    }

    @Property(tries = 2000)
    void anyInputScoresOrIsRefused(@ForAll("mutated") String vector) {
        try {
            double score = Cvss3.parse(vector).baseScore();
            assertThat(score).isBetween(0.0, 10.0);
        } catch (UntrustedInputException expected) {
            assertThat(expected.getMessage()).startsWith("cvss: ");
        }
    }

    @Property(tries = 500)
    void everyValidVectorScoresBetweenZeroAndTenWithOneDecimal(@ForAll("valid") String vector) {
        double score = Cvss3.parse(vector).baseScore();
        assertThat(score).isBetween(0.0, 10.0);
        assertThat(Math.abs(score * 10 - Math.round(score * 10))).isLessThan(1e-9);
    }

    @Property(tries = 500)
    void arbitraryTextNeverFailsOtherwise(@ForAll String text) {
        try {
            Cvss3.parse(text);
        } catch (UntrustedInputException expected) {
            // refused with a reason
        }
    }

    @Property(tries = 500)
    void advisoryRatingsReadAnyStoredTextWithoutFailing(@ForAll("mutatedAdvisory") String json) {
        AdvisoryRating r = AdvisoryRating.of(json);
        assertThat(r.severity()).isIn("none", "low", "medium", "high", "critical", "unknown");
    }

    @Provide
    Arbitrary<String> mutatedAdvisory() {
        String doc = "{\"id\": \"GHSA-1\", \"severity\": [{\"type\": \"CVSS_V3\", \"score\": \"" + GOOD
                + "\"}], \"database_specific\": {\"severity\": \"HIGH\"}}";
        return Arbitraries.integers().between(0, doc.length()).flatMap(at -> Arbitraries.integers()
                .between(0, Math.min(8, doc.length() - at))
                .flatMap(len -> Arbitraries.strings()
                        .withChars("{}[]\",:CVS3.1/AHNL ")
                        .ofMaxLength(8)
                        .map(x -> doc.substring(0, at) + x + doc.substring(at + len))));
    }
}
