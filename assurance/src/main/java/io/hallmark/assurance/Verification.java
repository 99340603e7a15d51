package io.hallmark.assurance;

/**
 * How far a catalog entry was checked against its standard, as the catalog file marks it.
 *
 * <p>Anything but {@link #VERIFIED} must reach the user as such (a report footnote), never as a settled fact.
 */
enum Verification {
    /** Checked against the standard or an agreeing transcription; shown without a mark. */
    VERIFIED(""),
    /** Marked {@code verify: true}: a title or value to confirm against the official text. */
    VERIFY("verify: true"),
    /** Marked {@code verification: inferred}: derived from a parallel clause, not seen in the source. */
    INFERRED("verification: inferred"),
    /** Marked {@code UNVERIFIED}: recalled only. */
    UNVERIFIED("UNVERIFIED");

    private final String mark;

    Verification(String mark) {
        this.mark = mark;
    }

    /** The mark as the catalog file writes it, empty for {@link #VERIFIED}. */
    String mark() {
        return mark;
    }

    /** Whether the entry needs a footnote. */
    boolean isSettled() {
        return this == VERIFIED;
    }
}
