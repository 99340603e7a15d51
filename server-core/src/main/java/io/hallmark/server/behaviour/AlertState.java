package io.hallmark.server.behaviour;

import java.util.Locale;

/** Where an alert or an incident stands. */
public enum AlertState {
    /** New, nobody has looked. */
    OPEN,
    /** Someone is on it; repeats still count on it. */
    ACKNOWLEDGED,
    /** Over; the same finding again opens a new alert. */
    RESOLVED;

    /** The lower-case name used on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state named {@code wire}, or empty. */
    public static java.util.Optional<AlertState> parse(String wire) {
        for (AlertState s : values()) {
            if (s.wire().equals(wire)) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }
}
