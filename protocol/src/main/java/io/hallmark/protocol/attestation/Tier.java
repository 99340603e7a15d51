package io.hallmark.protocol.attestation;

import java.util.Locale;

/**
 * An AR4SI trustworthiness tier (draft-ietf-rats-ar4si §3.2), the value of {@code ear_status}
 * (draft-ietf-rats-ear-03 §3.1); ordered from the least to the most severe. Claim values map onto tiers by range:
 * -1..1 none, 2..31 affirming, 32..95 warning, 96..127 contraindicated.
 */
public enum Tier {
    /** The verifier makes no assertion. */
    NONE,
    /** Affirming. */
    AFFIRMING,
    /** Warning. */
    WARNING,
    /** Contraindicated. */
    CONTRAINDICATED;

    /** The name on the wire: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tier named {@code wire}. */
    public static Tier fromWire(String wire) {
        for (Tier t : values()) {
            if (t.wire().equals(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "status: " + wire + " (expected: none, affirming, warning or contraindicated)");
    }

    /** The tier of a trustworthiness claim value (draft-ietf-rats-ar4si §2.3.4). */
    public static Tier of(int claim) {
        if (claim >= 96) {
            return CONTRAINDICATED;
        }
        if (claim >= 32) {
            return WARNING;
        }
        if (claim >= 2) {
            return AFFIRMING;
        }
        return NONE;
    }
}
