package io.hallmark.protocol.v1;

import java.time.Instant;
import java.util.List;

/**
 * A Cyber Resilience Act reporting case with its three deadlines (docs/cra.md).
 *
 * @param id case id
 * @param org the manufacturer's organization
 * @param kind vulnerability or incident
 * @param subject the advisory id or the incident id
 * @param summary what happened
 * @param awareAt when the manufacturer became aware
 * @param fixAvailableAt when a corrective measure became available, or null
 * @param state open or closed
 * @param openedBy who opened it
 * @param openedAt when
 * @param closedAt when it was closed, or null
 * @param closeNote why, or null
 * @param deadlines the early warning, the notification and the final report
 * @param reminders the deadline events published so far
 */
public record CraCaseView(
        String id,
        String org,
        String kind,
        String subject,
        String summary,
        Instant awareAt,
        Instant fixAvailableAt,
        String state,
        String openedBy,
        Instant openedAt,
        Instant closedAt,
        String closeNote,
        List<Deadline> deadlines,
        List<Reminder> reminders) {
    /**
     * One report's deadline.
     *
     * @param stage early-warning, notification or final
     * @param due when it is due, or null while its window has not started (no fix yet)
     * @param basis what the deadline is counted from (the article of the regulation)
     * @param status pending, overdue, submitted or not-started
     * @param secondsLeft seconds until due (negative: overdue), or null
     * @param submittedAt when it was submitted, or null
     * @param submittedBy who recorded the submission, or null
     */
    public record Deadline(
            String stage,
            Instant due,
            String basis,
            String status,
            Long secondsLeft,
            Instant submittedAt,
            String submittedBy) {}

    /**
     * A deadline event published.
     *
     * @param stage the report
     * @param event {@code cra.deadline.approaching} or {@code cra.deadline.missed}
     * @param threshold the share of the window passed (50, 90) or 100 for missed
     * @param at when it was published
     */
    public record Reminder(String stage, String event, int threshold, Instant at) {}
}
