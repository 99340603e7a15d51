package io.hallmark.server.identity;

import java.util.Locale;

/** How an owner's devices become active once enrolled. */
public enum ActivationPolicy {
    /** Active as soon as EST issues the operational certificate. */
    AUTO,
    /**
     * EST answers 202 with Retry-After (RFC 7030 §4.2.3) until an operator approves the device; the retried request
     * then gets its certificate and the device is active.
     */
    APPROVAL,
    /**
     * The device is enrolled (it gets its operational certificate) and becomes active only after an affirming
     * attestation result (RFC 9334 background check, {@code docs/protocol/attestation.md}).
     */
    ATTESTED;

    /** The name on the wire: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy named {@code wire}, in any case. */
    public static ActivationPolicy fromWire(String wire) {
        for (ActivationPolicy p : values()) {
            if (p.name().equalsIgnoreCase(wire)) {
                return p;
            }
        }
        throw new IllegalArgumentException("activation: " + wire + " (expected: auto, approval or attested)");
    }
}
