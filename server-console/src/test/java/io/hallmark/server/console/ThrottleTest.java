package io.hallmark.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottleTest {
    private final SessionsTest.Hand clock = new SessionsTest.Hand();
    private final Throttle throttle = new Throttle(clock);

    @Test
    void tenFailuresWithinFifteenMinutesStopFurtherAttemptsForThatNameOnly() {
        for (int i = 0; i < Throttle.LIMIT; i++) {
            assertThat(throttle.allows("ops")).isTrue();
            throttle.failed("ops");
            clock.advance(Duration.ofSeconds(30));
        }
        assertThat(throttle.allows("ops")).isFalse();
        assertThat(throttle.allows("OPS")).as("names compare without case").isFalse();
        assertThat(throttle.allows("someone-else")).isTrue();
    }

    @Test
    void attemptsAreAllowedAgainOnceTheOldestFailureLeavesTheWindow() {
        for (int i = 0; i < Throttle.LIMIT; i++) {
            throttle.failed("ops");
        }
        assertThat(throttle.allows("ops")).isFalse();
        clock.advance(Throttle.WINDOW);
        assertThat(throttle.allows("ops")).isTrue();
    }

    @Test
    void aSuccessfulSignInForgetsTheFailures() {
        for (int i = 0; i < Throttle.LIMIT - 1; i++) {
            throttle.failed("ops");
        }
        throttle.succeeded("ops");
        throttle.failed("ops");
        assertThat(throttle.allows("ops")).isTrue();
        assertThat(throttle.allows(null)).isTrue();
    }
}
