package io.hallmark.server.assurance;

import io.hallmark.core.Checks;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The live status of an issued label, decided without I/O from facts the caller gathers.
 *
 * <p>Order of precedence: {@code revoked} (final, by a person with a reason), then {@code expired} (the label's
 * {@code exp} claim, RFC 7519 §4.1.4, is past), then {@code suspended} when any of: the product's security support
 * period is over (CRA Art. 13(8)), a critical vulnerability is unfixed longer than the fix deadline the label states
 * (counted from when it became known), or the fleet's integrity failures are above the threshold the label states;
 * else {@code valid}. Every reason is returned, each with a stable
 * id, so that a person sees all of them.
 */
public final class LabelStatus {
    private LabelStatus() {}

    /** The four statuses. */
    public enum Status {
        /** Issued, in force, nothing suspends it. */
        VALID,
        /** In force but suspended until its reasons go away. */
        SUSPENDED,
        /** Withdrawn for good. */
        REVOKED,
        /** Past its expiry. */
        EXPIRED;

        /** The lower-case wire name. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One reason for a status.
     *
     * @param id stable id, e.g. {@code label.support-ended}
     * @param message for people, naming the value
     */
    public record Reason(String id, String message) {}

    /** A status and every reason for it (empty for {@code valid}). */
    public record Result(Status status, List<Reason> reasons) {
        /** Copies the reasons. */
        public Result {
            Checks.notNull(status, "status");
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * The facts about one label at one instant.
     *
     * @param supportUntil the last day of the product's support period, if declared
     * @param vulnerabilities the product's open critical vulnerabilities, overdue or not
     * @param fixDeadline how long a critical vulnerability may stay open, as the label states
     * @param fleet the integrity of the product's fleet, if known
     */
    public record Facts(
            Instant now,
            Optional<LocalDate> supportUntil,
            List<LabelSignals.OpenVulnerability> vulnerabilities,
            Duration fixDeadline,
            Optional<LabelSignals.FleetIntegrity> fleet) {
        /** Checks and copies. */
        public Facts {
            Checks.notNull(now, "now");
            Checks.notNull(supportUntil, "supportUntil");
            vulnerabilities = List.copyOf(vulnerabilities);
            Checks.notNull(fixDeadline, "fixDeadline");
            Checks.notNull(fleet, "fleet");
        }
    }

    /**
     * The status of {@code label}, which must have been issued.
     *
     * @throws IllegalArgumentException when the label was never issued
     */
    public static Result evaluate(Label label, Facts facts) {
        Checks.notNull(label, "label");
        Checks.notNull(facts, "facts");
        Label.Issue issue = label.issue()
                .orElseThrow(() -> new IllegalArgumentException("label: " + label.state() + " (expected: issued)"));
        if (label.revocation().isPresent()) {
            Label.Revocation r = label.revocation().get();
            return new Result(
                    Status.REVOKED, List.of(new Reason("label.revoked", "revoked on " + r.at() + ": " + r.reason())));
        }
        if (!facts.now().isBefore(issue.expiresAt())) {
            return new Result(Status.EXPIRED, List.of(new Reason("label.expired", "expired on " + issue.expiresAt())));
        }
        List<Reason> reasons = new ArrayList<>();
        if (facts.supportUntil().isPresent()) {
            LocalDate last = facts.supportUntil().get();
            // the support period includes its last day (UTC)
            if (!facts.now()
                    .isBefore(last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
                reasons.add(new Reason("label.support-ended", "the security support period ended on " + last));
            }
        }
        for (LabelSignals.OpenVulnerability v : facts.vulnerabilities()) {
            Instant due = v.knownSince().plus(facts.fixDeadline());
            if (!facts.now().isBefore(due)) {
                reasons.add(new Reason(
                        "label.vulnerability-overdue",
                        "critical vulnerability " + v.id() + " (" + v.detail() + "), known since " + v.knownSince()
                                + ", is unfixed past its deadline of "
                                + facts.fixDeadline().toDays() + " days ("
                                + due + ")"));
            }
        }
        if (facts.fleet().isPresent() && facts.fleet().get().percent() > label.integrityThresholdPercent()) {
            LabelSignals.FleetIntegrity f = facts.fleet().get();
            reasons.add(new Reason(
                    "label.integrity-failures",
                    f.contraindicated() + " of " + f.attested() + " attested devices (" + f.percent()
                            + "%) have a contraindicated latest attestation result (threshold: "
                            + label.integrityThresholdPercent() + "%)"));
        }
        return new Result(reasons.isEmpty() ? Status.VALID : Status.SUSPENDED, reasons);
    }
}
