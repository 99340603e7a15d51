package io.hallmark.server.cra;

import java.util.Locale;
import java.util.Optional;

/** What a case reports: an actively exploited vulnerability (Art. 14(1)) or a severe incident (Art. 14(3)). */
public enum CraKind {
    /** An actively exploited vulnerability in a product, from an advisory the exposure shows. */
    VULNERABILITY,
    /** A severe incident having an impact on the security of a product, from a behaviour incident. */
    INCIDENT;

    /** The lower-case name used on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code wire}, or empty. */
    public static Optional<CraKind> parse(String wire) {
        for (CraKind k : values()) {
            if (k.wire().equals(wire)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
