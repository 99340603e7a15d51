package io.hallmark.server.audit;

import java.util.Locale;

/** How much an audit entry matters to a reviewer; {@link #HIGH} entries also raise an alert. */
public enum Severity {
    /** Routine operations. */
    INFO,
    /** Denials and failures worth a look. */
    WARNING,
    /** Emergency access and anything a reviewer must see. */
    HIGH;

    /** The lower-case wire name. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name. */
    public static Severity fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
