package io.hallmark.server.behaviour.mud;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed MUD file: the {@code ietf-mud:mud} container of RFC 8520 §2.1 and the {@code ietf-access-control-list:acls}
 * of RFC 8519 §4.1 it references. Values only; {@link MudParser} builds and checks them, {@link MudPolicy} compiles
 * them for evaluation.
 *
 * @param mud the {@code ietf-mud:mud} container
 * @param acls the access lists, in document order
 */
public record MudFile(Mud mud, List<Acl> acls) {
    /** Copies the list. */
    public MudFile {
        acls = List.copyOf(acls);
    }

    /** The ACL named {@code name}, if present. */
    public Optional<Acl> findAcl(String name) {
        return acls.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /**
     * The {@code ietf-mud:mud} container (RFC 8520 §2.1).
     *
     * @param mudVersion {@code mud-version}, 1 for RFC 8520
     * @param mudUrl {@code mud-url}
     * @param lastUpdate {@code last-update}
     * @param mudSignature {@code mud-signature}, the URL of the detached signature (RFC 8520 §13)
     * @param cacheValidity {@code cache-validity} in hours, 1..168, default 48
     * @param isSupported {@code is-supported}
     * @param systeminfo {@code systeminfo}
     * @param mfgName {@code mfg-name}
     * @param modelName {@code model-name}
     * @param firmwareRev {@code firmware-rev}
     * @param softwareRev {@code software-rev}
     * @param documentation {@code documentation}
     * @param extensions {@code extensions} (RFC 8520 §3)
     * @param fromDevicePolicy names of the ACLs of {@code from-device-policy}, in order
     * @param toDevicePolicy names of the ACLs of {@code to-device-policy}, in order
     */
    public record Mud(
            int mudVersion,
            String mudUrl,
            OffsetDateTime lastUpdate,
            Optional<String> mudSignature,
            int cacheValidity,
            boolean isSupported,
            Optional<String> systeminfo,
            Optional<String> mfgName,
            Optional<String> modelName,
            Optional<String> firmwareRev,
            Optional<String> softwareRev,
            Optional<String> documentation,
            List<String> extensions,
            List<String> fromDevicePolicy,
            List<String> toDevicePolicy) {
        /** Copies the lists. */
        public Mud {
            extensions = List.copyOf(extensions);
            fromDevicePolicy = List.copyOf(fromDevicePolicy);
            toDevicePolicy = List.copyOf(toDevicePolicy);
        }

        /** The ACL names of the policy for {@code direction}. */
        public List<String> policy(Direction direction) {
            return direction == Direction.FROM_DEVICE ? fromDevicePolicy : toDevicePolicy;
        }
    }

    /** The {@code type} of an ACL (RFC 8519 §4.1); MUD uses the IP ones. */
    public enum AclType {
        /** {@code ipv4-acl-type}. */
        IPV4,
        /** {@code ipv6-acl-type}. */
        IPV6,
        /** No {@code type} given. */
        UNSPECIFIED
    }

    /**
     * One {@code acl} (RFC 8519 §4.1).
     *
     * @param name its name
     * @param type its type
     * @param aces its entries, in order: the first that matches decides
     */
    public record Acl(String name, AclType type, List<Ace> aces) {
        /** Copies the list. */
        public Acl {
            aces = List.copyOf(aces);
        }
    }

    /** The {@code forwarding} action of an ACE (RFC 8519 §4.1). */
    public enum Forwarding {
        /** {@code accept}. */
        ACCEPT,
        /** {@code drop}. */
        DROP,
        /** {@code reject}. */
        REJECT
    }

    /**
     * One {@code ace} (RFC 8519 §4.1).
     *
     * @param name its name
     * @param ip the {@code ipv4} or {@code ipv6} match
     * @param transport the {@code tcp} or {@code udp} match
     * @param icmp whether an {@code icmp} match is present (with no members: any ICMP)
     * @param mud the {@code ietf-mud:mud} match (RFC 8520 §2.1)
     * @param forwarding the action
     */
    public record Ace(
            String name,
            Optional<IpMatch> ip,
            Optional<TransportMatch> transport,
            boolean icmp,
            Optional<MudMatch> mud,
            Forwarding forwarding) {}

    /**
     * An {@code ipv4} or {@code ipv6} match (RFC 8519 §4.1) with the DNS-name augmentation of RFC 8520's ietf-acldns model.
     *
     * @param version 4 or 6
     * @param protocol {@code protocol}, the IP protocol number (RFC 8519 §4.2, for IPv4 and IPv6 alike)
     * @param sourceNetwork {@code source-ipv4-network} / {@code source-ipv6-network}, a prefix
     * @param destinationNetwork {@code destination-ipv4-network} / {@code destination-ipv6-network}, a prefix
     * @param srcDnsname {@code ietf-acldns:src-dnsname}, lower case without a trailing dot
     * @param dstDnsname {@code ietf-acldns:dst-dnsname}, lower case without a trailing dot
     */
    public record IpMatch(
            int version,
            OptionalInt protocol,
            Optional<String> sourceNetwork,
            Optional<String> destinationNetwork,
            Optional<String> srcDnsname,
            Optional<String> dstDnsname) {}

    /**
     * A {@code tcp} or {@code udp} match (RFC 8519 §4.1) with {@code ietf-mud:direction-initiated} (RFC 8520 §2.1,
     * TCP only).
     *
     * @param protocol TCP or UDP
     * @param sourcePort {@code source-port}
     * @param destinationPort {@code destination-port}
     * @param directionInitiated who opens the connection
     */
    public record TransportMatch(
            Protocol protocol,
            Optional<PortMatch> sourcePort,
            Optional<PortMatch> destinationPort,
            Optional<Direction> directionInitiated) {}

    /** The operators of RFC 8519's {@code port-range-or-operator} (RFC 8519 §4.2, {@code ietf-packet-fields}). */
    public enum PortOperator {
        /** {@code eq}. */
        EQ,
        /** {@code neq}. */
        NEQ,
        /** {@code lte}. */
        LTE,
        /** {@code gte}. */
        GTE,
        /** {@code lower-port} .. {@code upper-port}. */
        RANGE
    }

    /**
     * A port match: for {@code RANGE} the inclusive bounds, otherwise {@code lower == upper == port}.
     *
     * @param operator the operator
     * @param lower the lower port, or the port
     * @param upper the upper port, or the port
     */
    public record PortMatch(PortOperator operator, int lower, int upper) {
        /** Whether {@code port} satisfies this match. */
        public boolean test(int port) {
            return switch (operator) {
                case EQ -> port == lower;
                case NEQ -> port != lower;
                case LTE -> port <= lower;
                case GTE -> port >= lower;
                case RANGE -> port >= lower && port <= upper;
            };
        }
    }

    /**
     * The {@code ietf-mud:mud} match of an ACE (RFC 8520 §2.1, §3): classes of remote hosts that the MUD manager
     * resolves. All members present must hold.
     *
     * @param manufacturer {@code manufacturer}, a domain
     * @param sameManufacturer {@code same-manufacturer}
     * @param model {@code model}, a MUD URL
     * @param localNetworks {@code local-networks}
     * @param controller {@code controller}, a URI
     * @param myController {@code my-controller}
     */
    public record MudMatch(
            Optional<String> manufacturer,
            boolean sameManufacturer,
            Optional<String> model,
            boolean localNetworks,
            Optional<String> controller,
            boolean myController) {}
}
