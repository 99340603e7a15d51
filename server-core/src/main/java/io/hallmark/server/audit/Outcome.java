package io.hallmark.server.audit;

import java.util.Locale;

/** How an audited operation ended. */
public enum Outcome {
    /** It was done. */
    SUCCESS,
    /** It was refused: no or bad credentials, or a missing permission. */
    DENIED,
    /** It was allowed but failed (bad input, a conflict). */
    FAILURE;

    /** The lower-case wire name. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name. */
    public static Outcome fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
