package io.hallmark.server.access;

import java.util.Locale;

/** What an organization does on the platform; one organization may have several kinds. */
public enum OrgKind {
    /** Runs the platform itself; holds the platform administrators. Made once, at initialization. */
    PLATFORM,
    /** Makes devices: products, birth certificates, firmware, vouchers. */
    MANUFACTURER,
    /** Owns and operates devices. */
    OWNER,
    /** Reviews and countersigns product assessments. */
    ASSESSOR;

    /** The lower-case wire name ({@code manufacturer}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; {@code platform} is not accepted, it is reserved. */
    public static OrgKind fromWire(String name) {
        for (OrgKind k : values()) {
            if (k != PLATFORM && k.wireName().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind: " + name + " (expected: manufacturer, owner or assessor)");
    }
}
