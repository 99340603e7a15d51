package io.hallmark.server.behaviour.mud;

import io.hallmark.core.Checks;
import io.hallmark.server.behaviour.mud.MudFile.Ace;
import io.hallmark.server.behaviour.mud.MudFile.Acl;
import io.hallmark.server.behaviour.mud.MudFile.Forwarding;
import io.hallmark.server.behaviour.mud.MudFile.IpMatch;
import io.hallmark.server.behaviour.mud.MudFile.MudMatch;
import io.hallmark.server.behaviour.mud.MudFile.PortMatch;
import io.hallmark.server.behaviour.mud.MudFile.TransportMatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A MUD file compiled for evaluation: {@link #evaluate(Contact)} answers whether a contact of the device is one its
 * manufacturer allows. Immutable and thread-safe; evaluation does not allocate beyond normalizing the host.
 *
 * <p>Semantics: the ACLs of the policy for the contact's direction are taken in order and their ACEs in order; the
 * first ACE that matches decides (RFC 8519 §4.1); {@code accept} allows, {@code drop} and {@code reject} are a
 * violation, and a contact no ACE matches is a violation: what a MUD file does not allow is denied (RFC 8520 §1).
 * In the {@code from-device} policy the remote end is the destination, in {@code to-device} the source. A DNS-name
 * match (RFC 8520, the ietf-acldns model) holds only for a contact whose host is that name (the caller passes the name the device
 * resolved when it knows it); a network match holds only for an IP literal. An ACE that constrains the device's own
 * address never matches (the contact does not carry it), nor one that constrains the device's port when the
 * contact's {@code localPort} is unknown. The MUD classes of RFC 8520 §3 are resolved through {@link MudBindings}.
 */
public final class MudPolicy {
    private static final Decision NO_ACE =
            new Decision(Outcome.VIOLATION, Optional.empty(), Optional.empty(), "behaviour.mud.no-ace-matched");

    private final MudFile file;
    private final MudBindings bindings;
    private final Rule[] fromDevice;
    private final Rule[] toDevice;
    private final IpPrefix[] local;

    private MudPolicy(MudFile file, MudBindings bindings) {
        this.file = file;
        this.bindings = bindings;
        this.local = bindings.localNetworks().stream()
                .map(n -> {
                    IpPrefix p = IpPrefix.parsePrefix(n, 4);
                    return p != null ? p : IpPrefix.parsePrefix(n, 6);
                })
                .toArray(IpPrefix[]::new);
        this.fromDevice = compile(Direction.FROM_DEVICE);
        this.toDevice = compile(Direction.TO_DEVICE);
    }

    /** Compiles {@code file} with {@link MudBindings#defaults()}. */
    public static MudPolicy compile(MudFile file) {
        return compile(file, MudBindings.defaults());
    }

    /** Compiles {@code file}, resolving MUD classes through {@code bindings}. */
    public static MudPolicy compile(MudFile file, MudBindings bindings) {
        Checks.notNull(file, "file");
        Checks.notNull(bindings, "bindings");
        return new MudPolicy(file, bindings);
    }

    /** The MUD file compiled. */
    public MudFile file() {
        return file;
    }

    /** The bindings used for the MUD classes. */
    public MudBindings bindings() {
        return bindings;
    }

    /** The decision for {@code contact}; never throws for a constructed contact. */
    public Decision evaluate(Contact contact) {
        IpPrefix address = IpPrefix.parseAddress(contact.remoteHost());
        String host = address != null ? null : MudJson.normalizeHost(contact.remoteHost());
        Rule[] rules = contact.direction() == Direction.FROM_DEVICE ? fromDevice : toDevice;
        for (Rule rule : rules) {
            if (rule.matches(contact, address, host, local)) {
                return rule.decision;
            }
        }
        return NO_ACE;
    }

    private Rule[] compile(Direction direction) {
        List<Rule> rules = new ArrayList<>();
        for (String name : file.mud().policy(direction)) {
            Acl acl = file.findAcl(name)
                    .orElseThrow(() ->
                            new IllegalArgumentException("acl: " + name + " (expected: present, as MudParser checks)"));
            for (Ace ace : acl.aces()) {
                rules.add(new Rule(acl, ace, direction, bindings));
            }
        }
        return rules.toArray(Rule[]::new);
    }

    /** Whether a contact is allowed. */
    public enum Outcome {
        /** An {@code accept} ACE matched. */
        ALLOW,
        /** A {@code drop} or {@code reject} ACE matched, or none did. */
        VIOLATION
    }

    /**
     * The decision on one contact.
     *
     * @param outcome allowed or a violation
     * @param acl the name of the ACL of the ACE that matched, empty when none did
     * @param ace the name of the ACE that matched, empty when none did
     * @param findingId a stable id: {@code behaviour.mud.allowed}, {@code behaviour.mud.denied-by-ace} or
     *     {@code behaviour.mud.no-ace-matched}
     */
    public record Decision(Outcome outcome, Optional<String> acl, Optional<String> ace, String findingId) {
        /** Whether the contact is allowed. */
        public boolean isAllowed() {
            return outcome == Outcome.ALLOW;
        }
    }

    /**
     * One contact of the device, as a gateway or a flow monitor saw it.
     *
     * @param direction {@code FROM_DEVICE} when the device sent the packet, {@code TO_DEVICE} when it received it
     * @param remoteHost the other end: an IPv4 or IPv6 literal, or the DNS name the device resolved
     * @param remotePort the other end's port, 0..65535 (ignored for ICMP)
     * @param protocol TCP, UDP or ICMP
     * @param localPort the device's port, or -1 when unknown
     * @param initiatedBy who opened the connection (for {@code direction-initiated}, RFC 8520 §2.1)
     */
    public record Contact(
            Direction direction,
            String remoteHost,
            int remotePort,
            Protocol protocol,
            int localPort,
            Direction initiatedBy) {
        /** Checks the values. */
        public Contact {
            Checks.notNull(direction, "direction");
            Checks.notNull(remoteHost, "remoteHost");
            Checks.inRange(remotePort, 0, 65535, "remotePort");
            Checks.notNull(protocol, "protocol");
            Checks.inRange(localPort, -1, 65535, "localPort");
            Checks.notNull(initiatedBy, "initiatedBy");
        }

        /** A contact opened in its own direction, with the device's port unknown. */
        public static Contact of(Direction direction, String remoteHost, int remotePort, Protocol protocol) {
            return new Contact(direction, remoteHost, remotePort, protocol, -1, direction);
        }
    }

    /** One ACE compiled for one direction. */
    private static final class Rule {
        final Decision decision;
        final int protocol;
        final int family;
        final boolean never;
        final IpPrefix remotePrefix;
        final String remoteDns;
        final PortMatch remotePort;
        final PortMatch localPort;
        final Direction initiated;
        final boolean localNetworks;
        final List<Set<String>> classes;

        Rule(Acl acl, Ace ace, Direction direction, MudBindings bindings) {
            boolean accept = ace.forwarding() == Forwarding.ACCEPT;
            this.decision = new Decision(
                    accept ? Outcome.ALLOW : Outcome.VIOLATION,
                    Optional.of(acl.name()),
                    Optional.of(ace.name()),
                    accept ? "behaviour.mud.allowed" : "behaviour.mud.denied-by-ace");
            boolean out = direction == Direction.FROM_DEVICE;
            IpMatch ip = ace.ip().orElse(null);
            TransportMatch t = ace.transport().orElse(null);
            int proto = -1;
            if (t != null) {
                proto = t.protocol() == Protocol.TCP ? 6 : 17;
            } else if (ip != null && ip.protocol().isPresent()) {
                proto = ip.protocol().getAsInt();
            } else if (ace.icmp()) {
                proto = 1; // either ICMP; matched below by protocol, not number
            }
            this.protocol = proto;
            int fam = ip != null ? ip.version() : 0;
            if (fam == 0) {
                fam = switch (acl.type()) {
                    case IPV4 -> 4;
                    case IPV6 -> 6;
                    case UNSPECIFIED -> 0;
                };
            }
            this.family = fam;
            boolean localAddress = false;
            IpPrefix prefix = null;
            String dns = null;
            if (ip != null) {
                Optional<String> remoteNet = out ? ip.destinationNetwork() : ip.sourceNetwork();
                Optional<String> remoteName = out ? ip.dstDnsname() : ip.srcDnsname();
                localAddress = (out ? ip.sourceNetwork() : ip.destinationNetwork()).isPresent()
                        || (out ? ip.srcDnsname() : ip.dstDnsname()).isPresent();
                prefix = remoteNet
                        .map(n -> IpPrefix.parsePrefix(n, ip.version()))
                        .orElse(null);
                dns = remoteName.orElse(null);
            }
            this.remotePrefix = prefix;
            this.remoteDns = dns;
            this.remotePort = t == null ? null : (out ? t.destinationPort() : t.sourcePort()).orElse(null);
            this.localPort = t == null ? null : (out ? t.sourcePort() : t.destinationPort()).orElse(null);
            this.initiated = t == null ? null : t.directionInitiated().orElse(null);
            MudMatch mud = ace.mud().orElse(null);
            List<Set<String>> sets = new ArrayList<>();
            boolean localNets = false;
            if (mud != null) {
                localNets = mud.localNetworks();
                if (mud.myController()) {
                    sets.add(normalized(bindings.myControllers()));
                }
                if (mud.sameManufacturer()) {
                    sets.add(normalized(bindings.sameManufacturer()));
                }
                mud.manufacturer().ifPresent(m -> sets.add(lookup(bindings.manufacturers(), m)));
                mud.controller().ifPresent(c -> sets.add(lookup(bindings.controllers(), c)));
                mud.model().ifPresent(m -> sets.add(lookup(bindings.models(), m)));
            }
            this.localNetworks = localNets;
            this.classes = List.copyOf(sets);
            this.never = localAddress;
        }

        private static Set<String> lookup(Map<String, Set<String>> map, String key) {
            return normalized(map.getOrDefault(key, Set.of()));
        }

        private static Set<String> normalized(Set<String> hosts) {
            Set<String> out = new HashSet<>();
            for (String h : hosts) {
                IpPrefix a = IpPrefix.parseAddress(h);
                out.add(a != null ? a.text() : MudJson.normalizeHost(h));
            }
            return Set.copyOf(out);
        }

        boolean matches(Contact c, IpPrefix address, String host, IpPrefix[] local) {
            if (never) {
                return false;
            }
            if (protocol >= 0) {
                boolean ok =
                        switch (c.protocol()) {
                            case TCP -> protocol == 6;
                            case UDP -> protocol == 17;
                            case ICMP -> protocol == 1 || protocol == 58;
                        };
                if (!ok) {
                    return false;
                }
            }
            if (family != 0 && address != null && address.version != family) {
                return false;
            }
            if (remotePrefix != null && (address == null || !remotePrefix.contains(address))) {
                return false;
            }
            if (remoteDns != null && (address != null || !remoteDns.equals(host))) {
                return false;
            }
            if (remotePort != null && (c.protocol() == Protocol.ICMP || !remotePort.test(c.remotePort()))) {
                return false;
            }
            if (localPort != null && (c.localPort() < 0 || !localPort.test(c.localPort()))) {
                return false;
            }
            if (initiated != null && initiated != c.initiatedBy()) {
                return false;
            }
            if (localNetworks && !inAny(address, local)) {
                return false;
            }
            if (!classes.isEmpty()) {
                String key = address != null ? address.text() : host;
                for (Set<String> set : classes) {
                    if (!set.contains(key)) {
                        return false;
                    }
                }
            }
            return true;
        }

        private static boolean inAny(IpPrefix address, IpPrefix[] prefixes) {
            if (address == null) {
                return false;
            }
            for (IpPrefix p : prefixes) {
                if (p.contains(address)) {
                    return true;
                }
            }
            return false;
        }
    }
}
