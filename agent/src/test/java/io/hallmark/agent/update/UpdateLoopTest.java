package io.hallmark.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

class UpdateLoopTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A clock that waiting moves on: the loop runs at once, on fake time. */
    private static final class FakeTime extends Clock {
        Instant now = T0;
        final List<Instant> checks = new ArrayList<>();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        UpdateLoop.Waiter waiter() {
            return (until, wake) -> {
                if (!wake.tryAcquire()) {
                    now = until;
                }
            };
        }
    }

    private static UpdateLoop loop(FakeTime t, Deque<String> results) {
        return new UpdateLoop(
                () -> {
                    t.checks.add(t.now);
                    String r = results.isEmpty() ? "up-to-date" : results.poll();
                    if (r.equals("throw")) {
                        throw new IllegalStateException("connection refused");
                    }
                    return new UpdateCheck.Outcome(r, "1.0.0", "");
                },
                new UpdateSchedule(Duration.ofHours(1), 0.1, new SplittableRandom(3)),
                Duration.ofSeconds(30),
                Duration.ofMinutes(30),
                new SplittableRandom(5),
                t,
                t.waiter());
    }

    @Test
    void goodChecksComeAboutEveryIntervalWithJitter() {
        FakeTime t = new FakeTime();
        loop(t, new ArrayDeque<>()).run(5);
        assertThat(t.checks).hasSize(5).first().isEqualTo(T0);
        for (int i = 1; i < 5; i++) {
            assertThat(Duration.between(t.checks.get(i - 1), t.checks.get(i)))
                    .isBetween(Duration.ofMinutes(54), Duration.ofMinutes(66));
        }
    }

    @Test
    void failuresBackOffExponentiallyUpToTheLimitAndAGoodCheckReturnsToTheSchedule() {
        FakeTime t = new FakeTime();
        Deque<String> results = new ArrayDeque<>(
                List.of("failed", "throw", "refused", "failed", "failed", "failed", "failed", "failed"));
        UpdateLoop loop = loop(t, results);
        loop.run(10);
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < t.checks.size(); i++) {
            gaps.add(Duration.between(t.checks.get(i - 1), t.checks.get(i)));
        }
        // 30 s, 60 s, 120 s, ... each within a quarter either way, never over 30 min (+25 %)
        for (int i = 0; i < 6; i++) {
            long expected = Math.min(30L << i, 1800);
            assertThat(gaps.get(i).toSeconds()).isBetween(expected * 3 / 4, expected * 5 / 4);
        }
        assertThat(gaps.get(7)).isBetween(Duration.ofMinutes(22), Duration.ofMinutes(38));
        // the ninth check succeeded: back on the hourly schedule
        assertThat(gaps.get(8)).isBetween(Duration.ofMinutes(54), Duration.ofMinutes(66));
        assertThat(loop.failures()).isZero();
    }

    @Test
    void aCommandMakesTheNextCheckComeAtOnce() {
        FakeTime t = new FakeTime();
        UpdateLoop loop = loop(t, new ArrayDeque<>());
        loop.checkNow();
        loop.run(2);
        assertThat(t.checks).containsExactly(T0, T0);
    }

    @Test
    void theRealWaiterReturnsWhenWoken() throws InterruptedException {
        Semaphore wake = new Semaphore(1);
        UpdateLoop.SLEEP.await(Instant.now().plus(Duration.ofHours(1)), wake);
        assertThat(wake.availablePermits()).isZero();
    }
}
