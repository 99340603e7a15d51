package io.hallmark.server.cra;

import java.util.Optional;

/** The three reports of Art. 14 of the Cyber Resilience Act, in the order they are due. */
public enum CraStage {
    /** Art. 14(2)(a) and 14(4)(a): within 24 hours of becoming aware. */
    EARLY_WARNING("early-warning"),
    /** Art. 14(2)(b) vulnerability notification and 14(4)(b) incident notification: within 72 hours. */
    NOTIFICATION("notification"),
    /** Art. 14(2)(c) and 14(4)(c): the final report. */
    FINAL("final");

    private final String wire;

    CraStage(String wire) {
        this.wire = wire;
    }

    /** The name used on the wire and in the CLI. */
    public String wire() {
        return wire;
    }

    /** The stage named {@code wire}, or empty. */
    public static Optional<CraStage> parse(String wire) {
        for (CraStage s : values()) {
            if (s.wire.equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
