package io.hallmark.server.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntakeTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsAdmittedThenTheRateIsHeld() {
        Intake intake = new Intake();
        long t = 5 * SECOND;
        for (int i = 0; i < Intake.BURST; i++) {
            assertThat(intake.admit(t)).as("report %d of the burst", i).isTrue();
        }
        assertThat(intake.admit(t)).isFalse();
        assertThat(intake.admit(t + SECOND / 2))
                .as("one token after half a second at 2/s")
                .isTrue();
        assertThat(intake.admit(t + SECOND / 2)).isFalse();
        assertThat(intake.admit(t + 100 * SECOND))
                .as("refilled, never above the burst")
                .isTrue();
    }

    @Test
    void aDeviceReportingEveryTenSecondsIsNeverLimited() {
        Intake intake = new Intake();
        for (int i = 0; i < 10_000; i++) {
            assertThat(intake.admit(i * 10 * SECOND)).isTrue();
        }
    }

    @Test
    void tenStrikesWithinAMinuteFlagOnceAndTheCountStartsOver() {
        Intake intake = new Intake();
        for (int i = 0; i < Intake.STRIKES_TO_FLAG - 1; i++) {
            assertThat(intake.strike(i * SECOND)).isZero();
        }
        assertThat(intake.strike(9 * SECOND)).isEqualTo(Intake.STRIKES_TO_FLAG);
        assertThat(intake.strike(10 * SECOND)).isZero();
    }

    @Test
    void strikesSpreadOverMoreThanAMinuteDoNotFlag() {
        Intake intake = new Intake();
        for (int i = 0; i < 100; i++) {
            assertThat(intake.strike(i * 7 * SECOND)).as("strike %d", i).isZero();
        }
    }
}
