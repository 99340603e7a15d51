package io.hallmark.server.cra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The deadlines of Art. 14 of the Cyber Resilience Act and the reminders before them. */
class DeadlinesTest {
    static final Instant AWARE = Instant.parse("2026-11-26T10:00:00Z");

    static CraCase vulnerability(Optional<Instant> fix) {
        return new CraCase(
                "cra_1",
                "org_1",
                CraKind.VULNERABILITY,
                "GHSA-jfh8-c2jp-5v3q",
                "log4shell in the gateway",
                AWARE,
                fix,
                true,
                "usr_1",
                AWARE.plusSeconds(60),
                Optional.empty(),
                Optional.empty());
    }

    static CraCase incident() {
        return new CraCase(
                "cra_2",
                "org_1",
                CraKind.INCIDENT,
                "inc_1",
                "fleet taking part in a DDoS",
                AWARE,
                Optional.empty(),
                true,
                "usr_1",
                AWARE,
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void earlyWarningIsDue24HoursAndNotification72HoursAfterAwareness() {
        List<Deadlines.Deadline> d = Deadlines.of(vulnerability(Optional.empty()), Map.of());
        assertThat(Deadlines.of(d, CraStage.EARLY_WARNING).due()).contains(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(Deadlines.of(d, CraStage.NOTIFICATION).due()).contains(Instant.parse("2026-11-29T10:00:00Z"));
        assertThat(Deadlines.of(d, CraStage.EARLY_WARNING).basis()).contains("Art. 14(2)(a)");
    }

    @Test
    void vulnerabilityFinalReportIsDue14DaysAfterTheFixAndNotBefore() {
        assertThat(Deadlines.of(Deadlines.of(vulnerability(Optional.empty()), Map.of()), CraStage.FINAL)
                        .due())
                .isEmpty();
        Instant fix = Instant.parse("2026-12-01T08:30:00Z");
        Deadlines.Deadline last = Deadlines.of(Deadlines.of(vulnerability(Optional.of(fix)), Map.of()), CraStage.FINAL);
        assertThat(last.due()).contains(Instant.parse("2026-12-15T08:30:00Z"));
        assertThat(last.basis()).contains("Art. 14(2)(c)");
    }

    @Test
    void incidentFinalReportIsDueOneMonthAfterTheNotificationWasSubmitted() {
        // not yet submitted: counted from the notification's deadline, 2026-11-29T10:00Z, one calendar month on
        Deadlines.Deadline before = Deadlines.of(Deadlines.of(incident(), Map.of()), CraStage.FINAL);
        assertThat(before.due()).contains(Instant.parse("2026-12-29T10:00:00Z"));
        assertThat(before.basis()).contains("Art. 14(4)(c)");
        // submitted early, on 2026-11-27T09:00Z: one month from then
        Deadlines.Deadline after = Deadlines.of(
                Deadlines.of(incident(), Map.of(CraStage.NOTIFICATION, Instant.parse("2026-11-27T09:00:00Z"))),
                CraStage.FINAL);
        assertThat(after.due()).contains(Instant.parse("2026-12-27T09:00:00Z"));
    }

    @Test
    void incidentNotificationIsCalledAnIncidentNotification() {
        assertThat(Deadlines.of(Deadlines.of(incident(), Map.of()), CraStage.NOTIFICATION)
                        .basis())
                .contains("Art. 14(4)(b)");
    }

    @Test
    void remindersAreDueAtHalfAndNinetyPercentOfTheWindowAndWhenMissed() {
        Deadlines.Deadline early =
                Deadlines.of(Deadlines.of(vulnerability(Optional.empty()), Map.of()), CraStage.EARLY_WARNING);
        assertThat(Deadlines.reached(early, false, AWARE.plus(Duration.ofHours(11))))
                .isEmpty();
        assertThat(Deadlines.reached(early, false, AWARE.plus(Duration.ofHours(12))))
                .containsExactly(50);
        assertThat(Deadlines.reached(early, false, AWARE.plus(Duration.ofMinutes(1296))))
                .containsExactly(50, 90);
        assertThat(Deadlines.reached(early, false, AWARE.plus(Duration.ofHours(24))))
                .containsExactly(50, 90, 100);
        assertThat(Deadlines.reached(early, true, AWARE.plus(Duration.ofHours(30))))
                .isEmpty();
    }

    @Test
    void statusSaysPendingOverdueSubmittedOrNotStarted() {
        List<Deadlines.Deadline> d = Deadlines.of(vulnerability(Optional.empty()), Map.of());
        Deadlines.Deadline early = Deadlines.of(d, CraStage.EARLY_WARNING);
        Instant later = AWARE.plus(Duration.ofHours(25));
        assertThat(Deadlines.status(early, false, AWARE)).isEqualTo("pending");
        assertThat(Deadlines.status(early, false, later)).isEqualTo("overdue");
        assertThat(Deadlines.status(early, true, later)).isEqualTo("submitted");
        assertThat(Deadlines.status(Deadlines.of(d, CraStage.FINAL), false, later))
                .isEqualTo("not-started");
        assertThat(early.secondsLeft(later)).contains(-3600L);
    }
}
