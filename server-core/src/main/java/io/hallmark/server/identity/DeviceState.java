package io.hallmark.server.identity;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a device is in its life: {@code MANUFACTURED → OWNED → ENROLLED → ACTIVE ⇄ QUARANTINED → DECOMMISSIONED}.
 *
 * <p>The allowed moves are stated here once and checked by {@link #canMoveTo}. Two moves leave the main line: a
 * resale ({@code transfer}) takes an owned device back to {@code MANUFACTURED}, with every credential of the old
 * owner revoked, so that its manufacturer can sell it again; and any device that is not yet decommissioned may be
 * decommissioned, which is final.
 */
public enum DeviceState {
    /** A birth certificate (IDevID) was issued at the factory; no owner yet. */
    MANUFACTURED,
    /** An owner holds the device (by voucher, or added it with an enrollment secret); not enrolled yet. */
    OWNED,
    /** The device holds an operational certificate (LDevID) and waits for activation by the owner's policy. */
    ENROLLED,
    /** In service. */
    ACTIVE,
    /** Credentials suspended (OCSP: revoked with reason certificateHold); every device endpoint refuses it. */
    QUARANTINED,
    /** Out of service for good; every credential revoked. */
    DECOMMISSIONED;

    /** Whether a device in this state may move to {@code next}. */
    public boolean canMoveTo(DeviceState next) {
        return next != this && successors().contains(next);
    }

    /** The states this one may move to. */
    public Set<DeviceState> successors() {
        return switch (this) {
            case MANUFACTURED -> EnumSet.of(OWNED, DECOMMISSIONED);
            case OWNED -> EnumSet.of(ENROLLED, MANUFACTURED, DECOMMISSIONED);
            case ENROLLED -> EnumSet.of(ACTIVE, QUARANTINED, MANUFACTURED, DECOMMISSIONED);
            case ACTIVE -> EnumSet.of(QUARANTINED, MANUFACTURED, DECOMMISSIONED);
            case QUARANTINED -> EnumSet.of(ACTIVE, MANUFACTURED, DECOMMISSIONED);
            case DECOMMISSIONED -> EnumSet.noneOf(DeviceState.class);
        };
    }

    /** The name on the wire and in the CLI: lower case, e.g. {@code quarantined}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state named {@code wire}, in any case. */
    public static DeviceState fromWire(String wire) {
        for (DeviceState s : values()) {
            if (s.name().equalsIgnoreCase(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("state: " + wire + " (expected: one of manufactured, owned, enrolled,"
                + " active, quarantined, decommissioned)");
    }
}
