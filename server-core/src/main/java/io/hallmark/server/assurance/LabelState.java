package io.hallmark.server.assurance;

import java.util.Locale;

/**
 * Where a label stands in its workflow: requested, then approved or rejected by an assessor (required for L3 and L4),
 * then issued, then possibly revoked. The live status of an issued label ({@link LabelStatus}) is separate.
 */
public enum LabelState {
    /** Requested by the manufacturer, not yet reviewed or issued. */
    REQUESTED,
    /** Approved by an assessor; may be issued. */
    APPROVED,
    /** Rejected by an assessor; final. */
    REJECTED,
    /** Signed and published. */
    ISSUED,
    /** Revoked after issue; final. */
    REVOKED;

    /** The lower-case wire name. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
