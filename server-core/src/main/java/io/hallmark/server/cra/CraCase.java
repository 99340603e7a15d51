package io.hallmark.server.cra;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A reporting case.
 *
 * @param id case id ({@code cra_...})
 * @param orgId the manufacturer's organization
 * @param kind vulnerability or incident
 * @param subject the advisory id, or the behaviour incident id
 * @param summary what happened, as the opener wrote it
 * @param awareAt when the manufacturer became aware: the deadlines count from it
 * @param fixAvailableAt when a corrective or mitigating measure became available (vulnerabilities)
 * @param open whether it is open
 * @param openedBy the user who opened it
 * @param openedAt when
 * @param closedAt when it was closed
 * @param closeNote why
 */
public record CraCase(
        String id,
        String orgId,
        CraKind kind,
        String subject,
        String summary,
        Instant awareAt,
        Optional<Instant> fixAvailableAt,
        boolean open,
        String openedBy,
        Instant openedAt,
        Optional<Instant> closedAt,
        Optional<String> closeNote) {
    /** Checks the fields. */
    public CraCase {
        Checks.notBlank(id, "id");
        Checks.notBlank(orgId, "orgId");
        Checks.notNull(kind, "kind");
        Checks.notBlank(subject, "subject");
        Checks.notBlank(summary, "summary");
        Checks.notNull(awareAt, "awareAt");
        Checks.notNull(fixAvailableAt, "fixAvailableAt");
        Checks.notBlank(openedBy, "openedBy");
        Checks.notNull(openedAt, "openedAt");
        Checks.notNull(closedAt, "closedAt");
        Checks.notNull(closeNote, "closeNote");
    }

    /** This case closed at {@code at} with {@code note}. */
    public CraCase closed(Instant at, String note) {
        return new CraCase(
                id,
                orgId,
                kind,
                subject,
                summary,
                awareAt,
                fixAvailableAt,
                false,
                openedBy,
                openedAt,
                Optional.of(at),
                Optional.of(note));
    }
}
