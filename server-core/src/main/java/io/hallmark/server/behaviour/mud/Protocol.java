package io.hallmark.server.behaviour.mud;

/** The transport of a contact; MUD access lists match these by IP protocol number (RFC 8519 §4.1). */
public enum Protocol {
    /** TCP, IP protocol 6. */
    TCP,
    /** UDP, IP protocol 17. */
    UDP,
    /** ICMP (IP protocol 1) or ICMPv6 (IP protocol 58). */
    ICMP
}
