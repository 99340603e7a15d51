package io.hallmark.server.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.server.errors.InvalidRequestException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class RolloutWavesProperties {

    @Provide
    Arbitrary<List<String>> anyWaves() {
        Arbitrary<String> wave = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.integers().between(-5, 2000).map(String::valueOf),
                Arbitraries.integers().between(-5, 200).map(i -> i + "%"),
                Arbitraries.of("", " ", "%", "1%%", "0x10", "1e3", "\u0661", "99999999999"));
        return wave.list().ofMaxSize(20);
    }

    @Property
    void anyInputIsEitherCheckedWavesOrARequestError(
            @ForAll("anyWaves") List<String> waves, @ForAll @LongRange(min = 1, max = 2_000_000) long total) {
        List<String> parsed;
        try {
            parsed = RolloutWaves.parse(waves);
        } catch (InvalidRequestException e) {
            assertThat(e.getMessage()).startsWith("waves:");
            return;
        }
        List<Long> counts = RolloutWaves.counts(parsed, total);
        assertThat(counts).hasSameSizeAs(parsed);
        assertThat(counts).allSatisfy(c -> assertThat(c).isBetween(1L, total));
        assertThat(counts).isSorted();
    }

    @Example
    void percentagesAreCumulativeSharesRoundedUp() {
        assertThat(RolloutWaves.counts(RolloutWaves.parse(List.of("1%", "10%", "50%", "100%")), 1_000_001))
                .containsExactly(10_001L, 100_001L, 500_001L, 1_000_001L);
        assertThat(RolloutWaves.counts(RolloutWaves.parse(List.of("1%", "100%")), 3))
                .containsExactly(1L, 3L);
    }

    @Example
    void decreasingMixedOrOverHundredPercentWavesAreRefused() {
        assertThatThrownBy(() -> RolloutWaves.parse(List.of("10%", "5%"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> RolloutWaves.parse(List.of("10%", "50"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> RolloutWaves.parse(List.of("150%"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> RolloutWaves.parse(List.of())).isInstanceOf(InvalidRequestException.class);
    }
}
