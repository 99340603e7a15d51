package io.hallmark.server.assurance;

import io.hallmark.assurance.Level;
import io.hallmark.server.errors.InvalidRequestException;
import java.util.Locale;

/**
 * The label workflow's rules, without I/O: which level may be requested, who may review, when a label may be issued
 * or revoked. Each check throws {@link InvalidRequestException} with the rule it broke.
 */
final class LabelRules {
    private LabelRules() {}

    /** Whether a label at {@code level} needs an assessor's approval before it is issued: L3 and L4. */
    static boolean reviewRequired(Level level) {
        return level.compareTo(Level.L3) >= 0;
    }

    /** Parses {@code L1}..{@code L4} (or {@code 1}..{@code 4}). */
    static Level parseLevel(String text) {
        if (text != null) {
            String t = text.strip().toUpperCase(Locale.ROOT);
            for (Level l : Level.values()) {
                if (l != Level.NONE
                        && (l.name().equals(t) || l.name().substring(1).equals(t))) {
                    return l;
                }
            }
        }
        throw new InvalidRequestException("level: " + text + " (expected: L1, L2, L3 or L4)");
    }

    /** A reason of 3..1000 characters, stripped. */
    static String checkReason(String reason) {
        if (reason == null || reason.strip().length() < 3 || reason.length() > 1000) {
            throw new InvalidRequestException("reason: expected 3..1000 characters");
        }
        return reason.strip();
    }

    /** A request may be reviewed once, before it is issued, and never by its own manufacturer. */
    static void checkReviewable(Label label, String reviewerOrgId) {
        if (label.state() != LabelState.REQUESTED) {
            throw new InvalidRequestException("label: " + label.state().wireName() + " (expected: requested)");
        }
        if (label.orgId().equals(reviewerOrgId)) {
            throw new InvalidRequestException("reviewer: the manufacturer's own organization (expected: another)");
        }
    }

    /**
     * A label is issued once, when the assessment reached the level requested, and, for L3 and L4, after an
     * assessor approved it; a rejected request is never issued.
     */
    static void checkIssuable(Label label) {
        switch (label.state()) {
            case REQUESTED -> {
                if (reviewRequired(label.level())) {
                    throw new InvalidRequestException(
                            "label: requested at " + label.level() + " (expected: approved by an assessor first)");
                }
            }
            case APPROVED -> {
                // reviewed and approved
            }
            default ->
                throw new InvalidRequestException(
                        "label: " + label.state().wireName() + " (expected: requested or approved)");
        }
        if (label.reached().compareTo(label.level()) < 0) {
            throw new InvalidRequestException(
                    "level: assessment reached " + label.reached() + " (expected: at least " + label.level() + ")");
        }
    }

    /** Only an issued label is revoked, once. */
    static void checkRevocable(Label label) {
        if (label.state() != LabelState.ISSUED) {
            throw new InvalidRequestException("label: " + label.state().wireName() + " (expected: issued)");
        }
    }
}
