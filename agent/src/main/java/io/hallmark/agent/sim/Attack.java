package io.hallmark.agent.sim;

import java.util.Locale;

/** What a compromised simulated device does. */
public enum Attack {
    /** Takes part in a DDoS: a flood of packets toward one victim (the same for the whole botnet). */
    FLOOD,
    /** Scans the network for more victims: many connection attempts to many hosts on telnet ports. */
    SCAN,
    /** Opens a telnet service (Mirai's backdoor). */
    TELNET,
    /** Sends the owner's data out: a large upload to an unknown host. */
    EXFIL;

    /** The name on the command line. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The attack named {@code wire}. */
    public static Attack parse(String wire) {
        for (Attack a : values()) {
            if (a.wire().equals(wire)) {
                return a;
            }
        }
        throw new IllegalArgumentException("attack: " + wire + " (expected: flood, scan, telnet or exfil)");
    }
}
