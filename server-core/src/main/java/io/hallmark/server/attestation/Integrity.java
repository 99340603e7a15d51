package io.hallmark.server.attestation;

import io.hallmark.protocol.attestation.Tier;
import java.util.Locale;

/** A device's live integrity status: its latest result's tier while younger than the policy interval, else unknown. */
public enum Integrity {
    /** The latest result is affirming. */
    AFFIRMING,
    /** The latest result is a warning. */
    WARNING,
    /** The latest result is contraindicated. */
    CONTRAINDICATED,
    /** No result within the policy interval. */
    UNKNOWN;

    /** The name on the wire: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status named {@code wire}, in any case. */
    public static Integrity fromWire(String wire) {
        for (Integrity i : values()) {
            if (i.name().equalsIgnoreCase(wire)) {
                return i;
            }
        }
        throw new IllegalArgumentException(
                "integrity: " + wire + " (expected: affirming, warning, contraindicated or unknown)");
    }

    static Integrity of(Tier tier) {
        return switch (tier) {
            case AFFIRMING -> AFFIRMING;
            case WARNING -> WARNING;
            case CONTRAINDICATED -> CONTRAINDICATED;
            case NONE -> UNKNOWN;
        };
    }
}
