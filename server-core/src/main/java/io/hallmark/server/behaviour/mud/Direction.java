package io.hallmark.server.behaviour.mud;

/** The direction of a policy or a contact, as in RFC 8520 §2.1 ({@code from-device-policy}, {@code to-device-policy}). */
public enum Direction {
    /** Traffic the device sends. */
    FROM_DEVICE("from-device"),
    /** Traffic the device receives. */
    TO_DEVICE("to-device");

    private final String wire;

    Direction(String wire) {
        this.wire = wire;
    }

    /** The YANG enumeration value, {@code from-device} or {@code to-device} (RFC 8520 §2.1). */
    public String wire() {
        return wire;
    }
}
