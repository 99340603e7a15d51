package io.hallmark.server.access;

import java.util.Locale;

/** The roles a user holds inside an organization; what each may do is in {@link PermissionTable}. */
public enum Role {
    /** Manages the organization, its users and tokens; in the platform organization, manages organizations. */
    ADMIN,
    /** Watches security, may take emergency (break-glass) admin rights. */
    SECURITY_OFFICER,
    /** Runs day-to-day operations on devices. */
    OPERATOR,
    /** Reads the audit log and verifies it; changes nothing. */
    AUDITOR,
    /** Publishes releases and runs rollouts. */
    RELEASE_MANAGER,
    /** Reviews assessments and countersigns labels. */
    ASSESSOR;

    /** The wire name ({@code security-officer}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a wire name. */
    public static Role fromWire(String name) {
        for (Role r : values()) {
            if (r.wireName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException(
                "role: " + name + " (expected: admin, security-officer, operator, auditor, release-manager, assessor)");
    }
}
