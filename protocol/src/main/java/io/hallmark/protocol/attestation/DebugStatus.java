package io.hallmark.protocol.attestation;

import java.util.Locale;

/** The {@code dbgstat} claim (RFC 9711 §4.2.9), JSON text values. */
public enum DebugStatus {
    /** Debug is enabled. */
    ENABLED,
    /** Disabled now, may have been enabled since boot. */
    DISABLED,
    /** Disabled since boot. */
    DISABLED_SINCE_BOOT,
    /** Disabled permanently (for the entity itself). */
    DISABLED_PERMANENTLY,
    /** Disabled permanently, also for the manufacturer. */
    DISABLED_FULLY_AND_PERMANENTLY;

    /** The JSON value, e.g. {@code disabled-since-boot}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether debug may have been on during this boot ({@link #ENABLED} or {@link #DISABLED}). */
    public boolean isEnabledSinceBoot() {
        return this == ENABLED || this == DISABLED;
    }

    /** The status named {@code wire}, if any. */
    static DebugStatus fromWire(String wire) {
        for (DebugStatus s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        return null;
    }
}
