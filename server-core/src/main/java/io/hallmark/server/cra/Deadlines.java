package io.hallmark.server.cra;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three deadlines of a case, as Art. 14 of the Cyber Resilience Act (Regulation (EU) 2024/2847) sets them, and
 * the reminders due. Pure: the time is handed in.
 *
 * <ul>
 *   <li>early warning: 24 hours after becoming aware (Art. 14(2)(a), 14(4)(a));
 *   <li>notification: 72 hours after becoming aware (Art. 14(2)(b), 14(4)(b));
 *   <li>final report, vulnerability: 14 days after a corrective or mitigating measure is available (Art. 14(2)(c));
 *       no deadline while none is;
 *   <li>final report, incident: one month after the incident notification was submitted (Art. 14(4)(c)); until it
 *       is, counted from the notification's own deadline (the latest it may be submitted).
 * </ul>
 */
public final class Deadlines {
    /** Early warning window. */
    public static final Duration EARLY_WARNING = Duration.ofHours(24);
    /** Notification window. */
    public static final Duration NOTIFICATION = Duration.ofHours(72);
    /** Final report window after a fix (vulnerability). */
    public static final Duration FINAL_AFTER_FIX = Duration.ofDays(14);
    /** Shares of a window at which an approaching reminder is published, in percent. */
    public static final List<Integer> THRESHOLDS = List.of(50, 90);

    private Deadlines() {}

    /**
     * One stage's deadline.
     *
     * @param stage the report
     * @param start when its window opened, empty while it has not
     * @param due when it is due, empty while its window has not opened
     * @param basis what it is counted from, citing the article
     */
    public record Deadline(CraStage stage, Optional<Instant> start, Optional<Instant> due, String basis) {
        /** Seconds left at {@code now} (negative when past), empty without a due time. */
        public Optional<Long> secondsLeft(Instant now) {
            return due.map(d -> Duration.between(now, d).getSeconds());
        }
    }

    /** The deadlines of {@code c}; {@code submitted} holds the submission times known so far. */
    public static List<Deadline> of(CraCase c, Map<CraStage, Instant> submitted) {
        List<Deadline> out = new ArrayList<>();
        Instant aware = c.awareAt();
        boolean vulnerability = c.kind() == CraKind.VULNERABILITY;
        out.add(new Deadline(
                CraStage.EARLY_WARNING,
                Optional.of(aware),
                Optional.of(aware.plus(EARLY_WARNING)),
                "24 hours after awareness (Art. 14(" + (vulnerability ? "2" : "4") + ")(a))"));
        Instant notificationDue = aware.plus(NOTIFICATION);
        out.add(new Deadline(
                CraStage.NOTIFICATION,
                Optional.of(aware),
                Optional.of(notificationDue),
                "72 hours after awareness (Art. 14(" + (vulnerability ? "2" : "4") + ")(b))"));
        if (vulnerability) {
            out.add(new Deadline(
                    CraStage.FINAL,
                    c.fixAvailableAt(),
                    c.fixAvailableAt().map(f -> f.plus(FINAL_AFTER_FIX)),
                    c.fixAvailableAt().isPresent()
                            ? "14 days after a corrective or mitigating measure became available (Art. 14(2)(c))"
                            : "14 days after a corrective or mitigating measure is available (Art. 14(2)(c));"
                                    + " none is yet"));
        } else {
            Instant from = submitted.getOrDefault(CraStage.NOTIFICATION, notificationDue);
            out.add(new Deadline(
                    CraStage.FINAL,
                    Optional.of(from),
                    Optional.of(from.atZone(ZoneOffset.UTC).plusMonths(1).toInstant()),
                    submitted.containsKey(CraStage.NOTIFICATION)
                            ? "one month after the incident notification was submitted (Art. 14(4)(c))"
                            : "one month after the incident notification (Art. 14(4)(c)); counted from its deadline"
                                    + " until it is submitted"));
        }
        return out;
    }

    /** The deadline of {@code stage} among {@code deadlines}. */
    public static Deadline of(List<Deadline> deadlines, CraStage stage) {
        return deadlines.stream().filter(d -> d.stage() == stage).findFirst().orElseThrow();
    }

    /**
     * The reminder thresholds reached at {@code now} for a stage not yet submitted: 50 and 90 (percent of the window
     * passed) and 100 (missed). Empty for a submitted stage or one whose window has not opened.
     */
    public static List<Integer> reached(Deadline d, boolean submitted, Instant now) {
        if (submitted || d.start().isEmpty() || d.due().isEmpty()) {
            return List.of();
        }
        long window = Duration.between(d.start().get(), d.due().get()).toMillis();
        long passed = Duration.between(d.start().get(), now).toMillis();
        List<Integer> out = new ArrayList<>();
        for (int t : THRESHOLDS) {
            // passed / window >= t / 100, in integers
            if (passed * 100 >= window * t) {
                out.add(t);
            }
        }
        if (!now.isBefore(d.due().get())) {
            out.add(100);
        }
        return out;
    }

    /** Where a stage stands at {@code now}: submitted, overdue, pending or not-started. */
    public static String status(Deadline d, boolean submitted, Instant now) {
        if (submitted) {
            return "submitted";
        }
        if (d.due().isEmpty()) {
            return "not-started";
        }
        return now.isAfter(d.due().get()) ? "overdue" : "pending";
    }
}
