package io.hallmark.assurance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.assurance.AttackPotentialResult.Rating;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttackPotentialTableTest {
    private final AttackPotentialTable table = Catalogs.builtIn().attackPotential();

    // Hand-worked with ISO/IEC 18045 B.4 (CEM v3.1 R5 Table 3 values, Table 4 bands 0-9 / 10-13 / 14-19 / 20-24 /
    // >=25).
    // Columns: elapsed time, expertise, knowledge of the TOE, window of opportunity, equipment,
    // the arithmetic (elapsed + expertise + knowledge + window + equipment), the sum, the rating.
    @ParameterizedTest(name = "{0} {1} {2} {3} {4} = {6} ({7})")
    @CsvSource(textBlock = """
            # everything at its cheapest: the lowest sum
            le_1_day,    layman,           public,     unnecessary_unlimited, standard,         0+0+0+0+0,   0, Basic
            # a proficient attacker with a week and restricted documents, standard tools
            le_1_week,   proficient,       restricted, easy,                  standard,         1+3+3+1+0,   8, Basic
            # upper edge of Basic
            le_2_weeks,  proficient,       public,     moderate,              standard,         2+3+0+4+0,   9, Basic
            # lower edge of Enhanced-Basic: time alone
            le_3_months, layman,           public,     unnecessary_unlimited, standard,         10+0+0+0+0, 10, Enhanced-Basic
            le_1_day,    proficient,       restricted, easy,                  specialised,      0+3+3+1+4,  11, Enhanced-Basic
            # the example of the command's documentation
            le_1_week,   proficient,       restricted, easy,                  specialised,      1+3+3+1+4,  12, Enhanced-Basic
            # upper edge of Enhanced-Basic
            le_1_day,    expert,           sensitive,  unnecessary_unlimited, standard,         0+6+7+0+0,  13, Enhanced-Basic
            # lower edge of Moderate
            le_1_month,  proficient,       sensitive,  unnecessary_unlimited, standard,         4+3+7+0+0,  14, Moderate
            le_1_week,   expert,           restricted, easy,                  specialised,      1+6+3+1+4,  15, Moderate
            le_2_months, expert,           public,     moderate,              standard,         7+6+0+4+0,  17, Moderate
            # upper edge of Moderate: more than six months, nothing else
            gt_6_months, layman,           public,     unnecessary_unlimited, standard,         19+0+0+0+0, 19, Moderate
            # lower edge of High
            le_3_months, proficient,       restricted, moderate,              standard,         10+3+3+4+0, 20, High
            le_1_month,  expert,           sensitive,  easy,                  specialised,      4+6+7+1+4,  22, High
            # upper edge of High
            le_2_months, expert,           critical,   unnecessary_unlimited, standard,         7+6+11+0+0, 24, High
            # lower edge of Beyond-High
            le_2_weeks,  multiple_experts, critical,   moderate,              standard,         2+8+11+4+0, 25, Beyond-High
            le_5_months, expert,           restricted, moderate,              standard,         15+6+3+4+0, 28, Beyond-High
            le_4_months, expert,           sensitive,  difficult,             bespoke,          13+6+7+10+7, 43, Beyond-High
            # everything at its dearest: the table's maximum
            gt_6_months, multiple_experts, critical,   difficult,             multiple_bespoke, 19+8+11+10+9, 57, Beyond-High
            """)
    void sumsTheFiveFactorValuesAndRatesTheSumByItsBand(
            String elapsed,
            String expertise,
            String knowledge,
            String window,
            String equipment,
            String arithmetic,
            int sum,
            String rating) {
        assertThat(Arrays.stream(arithmetic.split("\\+"))
                        .mapToInt(Integer::parseInt)
                        .sum())
                .as("hand arithmetic")
                .isEqualTo(sum);

        AttackPotentialResult result = table.rate(levels(elapsed, expertise, knowledge, window, equipment));

        assertThat(result.value()).isEqualTo(sum);
        assertThat(result.rating().label()).isEqualTo(rating);
        assertThat(result.exploitable()).isTrue();
    }

    @Test
    void windowNoneIsNotExploitable() {
        AttackPotentialResult cheap = table.rate(levels("le_1_day", "layman", "public", "none", "standard"));
        AttackPotentialResult dear =
                table.rate(levels("gt_6_months", "multiple_experts", "critical", "none", "multiple_bespoke"));

        assertThat(cheap).isEqualTo(new AttackPotentialResult(null, null, false));
        assertThat(dear).isEqualTo(new AttackPotentialResult(null, null, false));
    }

    @Test
    void everySumFrom0To57HasExactlyTheBandOfTable4() {
        for (int sum = 0; sum <= 57; sum++) {
            Rating expected = sum <= 9
                    ? Rating.BASIC
                    : sum <= 13
                            ? Rating.ENHANCED_BASIC
                            : sum <= 19 ? Rating.MODERATE : sum <= 24 ? Rating.HIGH : Rating.BEYOND_HIGH;
            assertThat(table.band(sum).rating()).as("sum %d", sum).isEqualTo(expected);
        }
    }

    @Property
    void anyPathIsTheSumOfItsFactorsOrNotExploitableWhenTheWindowIsNone(
            @ForAll("elapsed") String elapsed,
            @ForAll("expertise") String expertise,
            @ForAll("knowledge") String knowledge,
            @ForAll("window") String window,
            @ForAll("equipment") String equipment) {
        Map<String, String> levels = levels(elapsed, expertise, knowledge, window, equipment);
        AttackPotentialResult r = table.rate(levels);

        if (window.equals("none")) {
            assertThat(r.exploitable()).isFalse();
            assertThat(r.value()).isNull();
        } else {
            int sum = 0;
            for (Map.Entry<String, String> e : levels.entrySet()) {
                sum += table.factors().get(e.getKey()).get(e.getValue());
            }
            assertThat(r.value()).isEqualTo(sum).isBetween(0, 57);
            assertThat(r.rating()).isEqualTo(table.band(sum).rating());
        }
    }

    @Provide
    Arbitrary<String> elapsed() {
        return Arbitraries.of(table.levels("elapsed_time"));
    }

    @Provide
    Arbitrary<String> expertise() {
        return Arbitraries.of(table.levels("expertise"));
    }

    @Provide
    Arbitrary<String> knowledge() {
        return Arbitraries.of(table.levels("knowledge_of_toe"));
    }

    @Provide
    Arbitrary<String> window() {
        return Arbitraries.of(table.levels("window_of_opportunity"));
    }

    @Provide
    Arbitrary<String> equipment() {
        return Arbitraries.of(table.levels("equipment"));
    }

    @Test
    void avaVanComponentsResistThePotentialOfCcPart3() {
        assertThat(table.avaVan())
                .containsEntry("AVA_VAN.1", Rating.BASIC)
                .containsEntry("AVA_VAN.2", Rating.BASIC)
                .containsEntry("AVA_VAN.3", Rating.ENHANCED_BASIC)
                .containsEntry("AVA_VAN.4", Rating.MODERATE)
                .containsEntry("AVA_VAN.5", Rating.HIGH);
        // AVA_VAN.3 resists Enhanced-Basic: a residual path must score 14 or more
        assertThat(table.lowestSumAbove(Rating.ENHANCED_BASIC)).isEqualTo(14);
        assertThat(table.lowestSumAbove(Rating.HIGH)).isEqualTo(25);
    }

    @Test
    void unknownLevelIsRefusedWithTheLevelsOfItsFactor() {
        assertThatThrownBy(() -> table.rate(levels("le_1_week", "guru", "public", "easy", "standard")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expertise: guru (expected: one of layman, proficient, expert, multiple_experts)");
    }

    static Map<String, String> levels(
            String elapsed, String expertise, String knowledge, String window, String equipment) {
        return Map.of(
                "elapsed_time", elapsed,
                "expertise", expertise,
                "knowledge_of_toe", knowledge,
                "window_of_opportunity", window,
                "equipment", equipment);
    }
}
