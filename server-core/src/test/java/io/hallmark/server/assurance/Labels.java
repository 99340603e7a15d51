package io.hallmark.server.assurance;

import io.hallmark.assurance.Level;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Labels for tests, in each workflow state. */
final class Labels {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private Labels() {}

    static Label requested(Level level, Level reached) {
        return new Label(
                "lbl_AAAAAAAAAAAAAAAAAAAA",
                "org_MAKER",
                "prd_CAMERA",
                "cam-200",
                "Camera 200",
                "Maker",
                level,
                reached,
                LabelState.REQUESTED,
                "00".repeat(32),
                "{\"coverage\":[]}",
                5,
                "usr_REQUESTER",
                T0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    static Label issued(Level level) {
        return requested(level, level)
                .withIssue(new Label.Issue("a.b.c", "usr_ADMIN", T0, T0.plus(730, ChronoUnit.DAYS)));
    }

    static Label.Review review(boolean approved) {
        return new Label.Review("usr_ASSESSOR", "org_ASSESSOR", "Assessors", approved, "looked at it", T0);
    }
}
