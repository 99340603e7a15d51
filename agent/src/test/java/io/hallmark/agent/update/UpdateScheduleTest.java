package io.hallmark.agent.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UpdateScheduleTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void checksComeEveryIntervalMovedByAtMostTheJitterAndNotAllAtOnce() {
        UpdateSchedule s = new UpdateSchedule(Duration.ofHours(1), 0.1, new SplittableRandom(7));
        java.util.Set<Instant> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Instant next = s.next(T);
            assertThat(next).isBetween(T.plus(Duration.ofMinutes(54)), T.plus(Duration.ofMinutes(66)));
            seen.add(next);
        }
        assertThat(seen).hasSizeGreaterThan(900);
    }

    @Test
    void withoutJitterTheIntervalIsExact() {
        assertThat(new UpdateSchedule(Duration.ofHours(6), 0, new SplittableRandom(1)).next(T))
                .isEqualTo(T.plus(Duration.ofHours(6)));
    }

    @Test
    void refusesTooShortIntervalsAndTooMuchJitter() {
        assertThatThrownBy(() -> new UpdateSchedule(Duration.ofSeconds(5), 0.1, new SplittableRandom()))
                .hasMessageContaining("interval");
        assertThatThrownBy(() -> new UpdateSchedule(Duration.ofHours(1), 0.9, new SplittableRandom()))
                .hasMessageContaining("jitter");
    }
}
