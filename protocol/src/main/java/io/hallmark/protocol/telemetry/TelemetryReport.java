package io.hallmark.protocol.telemetry;

import io.hallmark.core.Checks;
import java.util.List;
import java.util.Optional;

/**
 * One device's telemetry for one reporting interval, schema version {@value #VERSION} (or 1, without {@code acc}): what it sent and received,
 * whom it contacted, what it listens on, how loaded it is and which security-relevant events happened. Encode and
 * decode it with {@link TelemetryCodec}; the JSON member of each component is given in brackets, and the full wire
 * format with its limits table is in {@code docs/protocol/telemetry.md}.
 *
 * <p>Counters are non-negative and at most {@value #MAX_COUNTER} (2<sup>53</sup>, the integers every JSON parser
 * represents exactly, RFC 8259 §6). The constructor checks every bound and throws {@link IllegalArgumentException}
 * on a violation (a programming error); the decoder refuses the same violations with {@link TelemetryException}.
 *
 * @param version the schema version [{@code v}], always {@value #VERSION}
 * @param device the reporting device's serial number [{@code dev}], 1..64 printable ASCII characters without space;
 *     must be the authenticated device's serial ({@link TelemetryCodec#decodeFrom})
 * @param seq the report's sequence number [{@code seq}], increasing per device, to detect duplicates and replays
 * @param start the interval's start [{@code t}], seconds since the epoch (1970-01-01T00:00:00Z)
 * @param duration the interval's length [{@code dur}], seconds, 1..86400
 * @param bytesOut bytes sent in the interval [{@code bo}], IP layer
 * @param bytesIn bytes received in the interval [{@code bi}], IP layer
 * @param packetsOut packets sent [{@code po}]
 * @param packetsIn packets received [{@code pi}]
 * @param connAttempted outgoing connections attempted [{@code ca}]: TCP SYNs sent and first UDP datagrams to a new
 *     peer
 * @param connEstablished outgoing connections established [{@code ce}]
 * @param destinations the peers contacted, at most {@value #MAX_DESTINATIONS} [{@code dst}]
 * @param listening the ports listened on at the interval's end, at most {@value #MAX_LISTENING} [{@code lsn}]
 * @param authFailures failed local authentications (console, SSH, web UI) [{@code af}]
 * @param cpu mean CPU use over the interval [{@code cpu}], percent of all cores, 0..100
 * @param memKiB memory in use at the interval's end [{@code mem}], KiB (1024 bytes)
 * @param firmware the running firmware's version [{@code fw}], 1..64 printable ASCII characters
 * @param uptime seconds since the device booted [{@code up}]
 * @param events the security events of the interval, at most {@value #MAX_EVENTS} [{@code ev}]
 * @param accounts the agent's check of the device's local accounts against the known default credentials [{@code
 *     acc}], schema version 2 only; optional
 */
public record TelemetryReport(
        int version,
        String device,
        long seq,
        long start,
        long duration,
        long bytesOut,
        long bytesIn,
        long packetsOut,
        long packetsIn,
        long connAttempted,
        long connEstablished,
        List<Destination> destinations,
        List<ListeningPort> listening,
        long authFailures,
        int cpu,
        long memKiB,
        String firmware,
        long uptime,
        List<SecurityEvent> events,
        Optional<AccountCheck> accounts) {

    /** The newest schema version, which {@link TelemetryCodec} reads and writes, with every older one. */
    public static final int VERSION = 2;
    /** The oldest schema version still read and written (version 1 has no {@code acc}). */
    public static final int MIN_VERSION = 1;
    /** The largest counter, 2<sup>53</sup>. */
    public static final long MAX_COUNTER = 1L << 53;
    /** The longest reporting interval, seconds (one day). */
    public static final long MAX_DURATION = 86_400;
    /** The most destinations in one report. */
    public static final int MAX_DESTINATIONS = 256;
    /** The most listening ports in one report. */
    public static final int MAX_LISTENING = 128;
    /** The most security events in one report. */
    public static final int MAX_EVENTS = 32;
    /** The longest device serial, characters. */
    public static final int MAX_SERIAL = 64;
    /** The longest firmware version, characters. */
    public static final int MAX_FW = 64;

    /** Checks every bound; lists are copied. */
    public TelemetryReport {
        Checks.inRange(version, MIN_VERSION, VERSION, "version");
        Checks.notNull(device, "device");
        Checks.check(TelemetrySyntax.isSerial(device), "device", device, "1..64 printable ASCII, no space");
        counter(seq, "seq");
        counter(start, "start");
        Checks.inRange(duration, 1, MAX_DURATION, "duration");
        counter(bytesOut, "bytesOut");
        counter(bytesIn, "bytesIn");
        counter(packetsOut, "packetsOut");
        counter(packetsIn, "packetsIn");
        counter(connAttempted, "connAttempted");
        counter(connEstablished, "connEstablished");
        destinations = List.copyOf(Checks.notNull(destinations, "destinations"));
        Checks.inRange(destinations.size(), 0, MAX_DESTINATIONS, "destinations.size");
        listening = List.copyOf(Checks.notNull(listening, "listening"));
        Checks.inRange(listening.size(), 0, MAX_LISTENING, "listening.size");
        counter(authFailures, "authFailures");
        Checks.inRange(cpu, 0, 100, "cpu");
        counter(memKiB, "memKiB");
        Checks.notNull(firmware, "firmware");
        Checks.check(TelemetrySyntax.isFirmware(firmware), "firmware", firmware, "1..64 printable ASCII");
        counter(uptime, "uptime");
        events = List.copyOf(Checks.notNull(events, "events"));
        Checks.inRange(events.size(), 0, MAX_EVENTS, "events.size");
        Checks.notNull(accounts, "accounts");
        Checks.check(version >= 2 || accounts.isEmpty(), "accounts", "present", "absent in schema version 1");
    }

    /** A report without an account check (any schema version). */
    public TelemetryReport(
            int version,
            String device,
            long seq,
            long start,
            long duration,
            long bytesOut,
            long bytesIn,
            long packetsOut,
            long packetsIn,
            long connAttempted,
            long connEstablished,
            List<Destination> destinations,
            List<ListeningPort> listening,
            long authFailures,
            int cpu,
            long memKiB,
            String firmware,
            long uptime,
            List<SecurityEvent> events) {
        this(
                version,
                device,
                seq,
                start,
                duration,
                bytesOut,
                bytesIn,
                packetsOut,
                packetsIn,
                connAttempted,
                connEstablished,
                destinations,
                listening,
                authFailures,
                cpu,
                memKiB,
                firmware,
                uptime,
                events,
                Optional.empty());
    }

    /**
     * The agent's check of the device's local accounts (schema version 2, {@code docs/protocol/telemetry.md}): it
     * tries each entry of the list of known default credentials ({@link DefaultCredentials}) against each local
     * account's stored verifier, on the device, and reports only which entries matched. No password, and no hash of
     * one, ever leaves the device.
     *
     * @param list the list checked against [{@code l}]: {@link DefaultCredentials#listId()}, 16 lowercase hex digits
     * @param checked how many local accounts were checked [{@code n}], 0..{@value #MAX_ACCOUNTS}
     * @param matches the accounts whose credential is an entry of the list, at most {@value #MAX_MATCHES} [{@code
     *     m}]
     */
    public record AccountCheck(String list, int checked, List<AccountMatch> matches) {
        /** The most accounts one check covers. */
        public static final int MAX_ACCOUNTS = 1024;
        /** The most matches one check reports. */
        public static final int MAX_MATCHES = 16;

        /** Checks the bounds; the list is copied. */
        public AccountCheck {
            Checks.notNull(list, "list");
            Checks.check(list.matches("[0-9a-f]{16}"), "list", list, "16 lowercase hex digits");
            Checks.inRange(checked, 0, MAX_ACCOUNTS, "checked");
            matches = List.copyOf(Checks.notNull(matches, "matches"));
            Checks.inRange(matches.size(), 0, Math.min(MAX_MATCHES, checked), "matches.size");
        }
    }

    /**
     * A local account whose credential is a known default.
     *
     * @param user the account's name [{@code u}], 1..32 printable ASCII without space
     * @param entry the id of the matching entry of the list [{@code e}], 1..32 of {@code a-z 0-9 -}
     */
    public record AccountMatch(String user, String entry) {
        /** Checks the syntax. */
        public AccountMatch {
            Checks.notNull(user, "user");
            Checks.check(TelemetrySyntax.isAccount(user), "user", user, "1..32 printable ASCII, no space");
            Checks.notNull(entry, "entry");
            Checks.check(TelemetrySyntax.isEntryId(entry), "entry", entry, "1..32 of a-z 0-9 -");
        }
    }

    private static void counter(long value, String name) {
        Checks.inRange(value, 0, MAX_COUNTER, name);
    }

    /** A transport protocol, written in lower case. */
    public enum Protocol {
        /** TCP (RFC 9293). */
        TCP,
        /** UDP (RFC 768). */
        UDP,
        /** ICMP or ICMPv6 (RFC 792, RFC 4443); has no ports. */
        ICMP;

        /** The JSON spelling: {@code tcp}, {@code udp} or {@code icmp}. */
        public String wire() {
            return switch (this) {
                case TCP -> "tcp";
                case UDP -> "udp";
                case ICMP -> "icmp";
            };
        }
    }

    /**
     * A peer the device contacted in the interval, aggregated by host, port and protocol.
     *
     * @param host the peer [{@code h}]: an IPv4 literal, an IPv6 literal (RFC 4291 §2.2) or a DNS host name (RFC 1123
     *     §2.1), at most {@value #MAX_HOST} characters; never resolved by the codec
     * @param port the peer's port [{@code p}], 1..65535; 0 for ICMP, which has no ports
     * @param protocol the transport [{@code pr}]
     * @param count connections (TCP, UDP flows) or messages (ICMP) to that peer [{@code n}], 1..2<sup>53</sup>
     */
    public record Destination(String host, int port, Protocol protocol, long count) {
        /** The longest host, characters (RFC 1035 §2.3.4 less the trailing dot and length octets). */
        public static final int MAX_HOST = 253;

        /** Checks the host's syntax and the bounds. */
        public Destination {
            Checks.notNull(host, "host");
            Checks.check(TelemetrySyntax.isHost(host), "host", host, "an IP literal or a DNS host name");
            Checks.notNull(protocol, "protocol");
            if (protocol == Protocol.ICMP) {
                Checks.inRange(port, 0, 0, "port");
            } else {
                Checks.inRange(port, 1, 65_535, "port");
            }
            Checks.inRange(count, 1, MAX_COUNTER, "count");
        }
    }

    /**
     * A port the device listens on.
     *
     * @param port the local port [{@code p}], 1..65535
     * @param protocol the transport [{@code pr}], TCP or UDP
     */
    public record ListeningPort(int port, Protocol protocol) {
        /** Checks the bounds. */
        public ListeningPort {
            Checks.inRange(port, 1, 65_535, "port");
            Checks.notNull(protocol, "protocol");
            Checks.check(protocol != Protocol.ICMP, "protocol", protocol, "tcp or udp");
        }
    }

    /** The kinds of security event; the JSON id is the stable, stored name. */
    public enum EventType {
        /** A login succeeded with a factory-default password ({@code default-password-login}). */
        DEFAULT_PASSWORD_LOGIN("default-password-login"),
        /** The device's configuration changed ({@code config-change}). */
        CONFIG_CHANGE("config-change"),
        /** Different firmware was installed or booted ({@code firmware-change}). */
        FIRMWARE_CHANGE("firmware-change"),
        /** The device was reset to factory settings ({@code factory-reset}). */
        FACTORY_RESET("factory-reset"),
        /** A debug or maintenance interface (serial console, JTAG, root shell) was used ({@code debug-access}). */
        DEBUG_ACCESS("debug-access");

        private final String wire;

        EventType(String wire) {
            this.wire = wire;
        }

        /** The JSON id. */
        public String wire() {
            return wire;
        }
    }

    /**
     * A security-relevant event on the device.
     *
     * @param type what happened [{@code ty}]
     * @param time when [{@code t}], seconds since the epoch
     * @param detail free text for a person [{@code d}], 0..{@value #MAX_DETAIL} characters (UTF-16 units), no control
     *     characters; may be empty
     */
    public record SecurityEvent(EventType type, long time, String detail) {
        /** The longest detail, characters. */
        public static final int MAX_DETAIL = 256;

        /** Checks the bounds. */
        public SecurityEvent {
            Checks.notNull(type, "type");
            Checks.inRange(time, 0, MAX_COUNTER, "time");
            Checks.notNull(detail, "detail");
            Checks.check(
                    TelemetrySyntax.isDetail(detail), "detail", detail, "0..256 characters, no control characters");
        }
    }
}
