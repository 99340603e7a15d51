package io.hallmark.server.behaviour.mud;

import static io.hallmark.server.behaviour.mud.MudJson.MAX_TEXT;
import static io.hallmark.server.behaviour.mud.MudJson.array;
import static io.hallmark.server.behaviour.mud.MudJson.dnsName;
import static io.hallmark.server.behaviour.mud.MudJson.empty;
import static io.hallmark.server.behaviour.mud.MudJson.identity;
import static io.hallmark.server.behaviour.mud.MudJson.integer;
import static io.hallmark.server.behaviour.mud.MudJson.kind;
import static io.hallmark.server.behaviour.mud.MudJson.members;
import static io.hallmark.server.behaviour.mud.MudJson.name;
import static io.hallmark.server.behaviour.mud.MudJson.object;
import static io.hallmark.server.behaviour.mud.MudJson.optional;
import static io.hallmark.server.behaviour.mud.MudJson.prefix;
import static io.hallmark.server.behaviour.mud.MudJson.required;
import static io.hallmark.server.behaviour.mud.MudJson.text;
import static io.hallmark.server.behaviour.mud.MudJson.uri;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.behaviour.mud.MudFile.Ace;
import io.hallmark.server.behaviour.mud.MudFile.Acl;
import io.hallmark.server.behaviour.mud.MudFile.AclType;
import io.hallmark.server.behaviour.mud.MudFile.Forwarding;
import io.hallmark.server.behaviour.mud.MudFile.IpMatch;
import io.hallmark.server.behaviour.mud.MudFile.Mud;
import io.hallmark.server.behaviour.mud.MudFile.MudMatch;
import io.hallmark.server.behaviour.mud.MudFile.PortMatch;
import io.hallmark.server.behaviour.mud.MudFile.PortOperator;
import io.hallmark.server.behaviour.mud.MudFile.TransportMatch;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a MUD file (RFC 8520) in the JSON encoding of RFC 7951: strict and bounded, fed unverified bytes. The
 * caller checks the file's signature (RFC 8520 §13) and its {@code mud-url} against the one it asked for.
 *
 * <p>Refused, with the path of the offending member in the message: more than {@link #MAX_BYTES} bytes, duplicate
 * members, a wrong JSON type, a missing mandatory leaf, more than {@link #MAX_ACLS} ACLs or {@link #MAX_ACES} ACEs
 * in one ACL, a policy naming an ACL that is absent, and members unknown at the places RFC 8520 §2 and RFC 8519 §4
 * define. Members RFC 8519 defines that this parser does not evaluate ({@code eth}, {@code dscp}, {@code ttl},
 * TCP {@code flags}, ICMP {@code type}, interfaces, ...) are refused too, since ignoring a constraint of an
 * {@code accept} entry would allow more than the manufacturer meant. The known augmentations accepted are RFC
 * 8520's: {@code ietf-mud:mud} in {@code matches} (§2.1), {@code ietf-mud:direction-initiated} in {@code tcp}
 * (§2.1) and {@code ietf-acldns:src-dnsname} / {@code dst-dnsname} in {@code ipv4} and {@code ipv6} (the ietf-acldns model). The
 * pre-RFC 8519 draft form {@code ietf-access-control-list:access-lists} is refused by name.
 */
public final class MudParser {
    /** The largest MUD file accepted, in bytes. */
    public static final int MAX_BYTES = 256 * 1024;
    /** The most ACLs in one file. */
    public static final int MAX_ACLS = 64;
    /** The most ACEs in one ACL. */
    public static final int MAX_ACES = 512;

    private static final String MUD = "ietf-mud:mud";
    private static final String ACLS = "ietf-access-control-list:acls";
    private static final String DST_DNS = "ietf-acldns:dst-dnsname";
    private static final String SRC_DNS = "ietf-acldns:src-dnsname";
    private static final String DIRECTION_INITIATED = "ietf-mud:direction-initiated";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        JSON.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private static final Set<String> MUD_MEMBERS = Set.of(
            "mud-version",
            "mud-url",
            "last-update",
            "mud-signature",
            "cache-validity",
            "is-supported",
            "systeminfo",
            "mfg-name",
            "model-name",
            "firmware-rev",
            "software-rev",
            "documentation",
            "extensions",
            "from-device-policy",
            "to-device-policy");
    private static final Set<String> ACL_MEMBERS = Set.of("name", "type", "aces");
    private static final Set<String> ACE_MEMBERS = Set.of("name", "matches", "actions");
    private static final Set<String> MATCH_MEMBERS = Set.of("ipv4", "ipv6", "tcp", "udp", "icmp", MUD);
    private static final Set<String> IPV4_MEMBERS =
            Set.of("protocol", "source-ipv4-network", "destination-ipv4-network", SRC_DNS, DST_DNS);
    private static final Set<String> IPV6_MEMBERS =
            Set.of("protocol", "source-ipv6-network", "destination-ipv6-network", SRC_DNS, DST_DNS);
    private static final Set<String> MUD_MATCH_MEMBERS =
            Set.of("manufacturer", "same-manufacturer", "model", "local-networks", "controller", "my-controller");

    private MudParser() {}

    /**
     * Parses and checks a MUD file.
     *
     * @throws UntrustedInputException naming the path of what is wrong
     */
    public static MudFile parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new UntrustedInputException("MUD file: empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw new UntrustedInputException(
                    "MUD file: " + bytes.length + " bytes (expected: at most " + MAX_BYTES + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new UntrustedInputException("MUD file: not JSON (RFC 7951)", e);
        } catch (IOException e) {
            throw new UntrustedInputException("MUD file: unreadable", e);
        }
        if (root == null || !root.isObject()) {
            throw new UntrustedInputException("MUD file: not a JSON object");
        }
        if (root.has("ietf-access-control-list:access-lists")) {
            throw new UntrustedInputException("ietf-access-control-list:access-lists: the pre-RFC 8519 draft form"
                    + " (expected: ietf-access-control-list:acls)");
        }
        members(root, "", Set.of(MUD, ACLS));
        Mud mud = mud(object(required(root, MUD, ""), "mud"), "mud");
        List<Acl> acls = root.has(ACLS) ? acls(object(root.get(ACLS), "acls"), "acls") : List.of();
        Set<String> names = new HashSet<>();
        for (Acl acl : acls) {
            names.add(acl.name());
        }
        // RFC 8520 §2.1: the policies reference ACLs by name; a dangling reference is an error, not "allow none".
        for (Direction d : Direction.values()) {
            List<String> policy = mud.policy(d);
            for (int i = 0; i < policy.size(); i++) {
                if (!names.contains(policy.get(i))) {
                    throw new UntrustedInputException("mud." + d.wire() + "-policy.access-lists.access-list[" + i
                            + "].name: \"" + policy.get(i) + "\" (expected: the name of an ACL in " + ACLS + ")");
                }
            }
        }
        return new MudFile(mud, acls);
    }

    // RFC 8520 §2.1, the ietf-mud:mud container.
    private static Mud mud(JsonNode node, String path) {
        members(node, path, MUD_MEMBERS);
        // RFC 8520 §2.1: mud-version is 1; a later version may change meanings this code would misread.
        int version = (int) integer(required(node, "mud-version", path), path + ".mud-version", 1, 1);
        String url = uri(required(node, "mud-url", path), path + ".mud-url");
        String updated = text(required(node, "last-update", path), path + ".last-update", 64);
        OffsetDateTime lastUpdate;
        try {
            lastUpdate = OffsetDateTime.parse(updated);
        } catch (DateTimeParseException e) {
            throw new UntrustedInputException(
                    path + ".last-update: \"" + updated + "\" (expected: yang:date-and-time, RFC 3339)", e);
        }
        int cacheValidity = node.has("cache-validity")
                ? (int) integer(node.get("cache-validity"), path + ".cache-validity", 1, 168)
                : 48;
        JsonNode supported = required(node, "is-supported", path);
        if (!supported.isBoolean()) {
            throw new UntrustedInputException(path + ".is-supported: " + kind(supported) + " (expected: boolean)");
        }
        List<String> extensions = new ArrayList<>();
        if (node.has("extensions")) {
            JsonNode list = array(node.get("extensions"), path + ".extensions", 64);
            for (int i = 0; i < list.size(); i++) {
                extensions.add(text(list.get(i), path + ".extensions[" + i + "]", 40));
            }
        }
        return new Mud(
                version,
                url,
                lastUpdate,
                optional(node, "mud-signature").map(n -> uri(n, path + ".mud-signature")),
                cacheValidity,
                supported.booleanValue(),
                optional(node, "systeminfo").map(n -> text(n, path + ".systeminfo", 60)),
                optional(node, "mfg-name").map(n -> text(n, path + ".mfg-name", MAX_TEXT)),
                optional(node, "model-name").map(n -> text(n, path + ".model-name", MAX_TEXT)),
                optional(node, "firmware-rev").map(n -> text(n, path + ".firmware-rev", MAX_TEXT)),
                optional(node, "software-rev").map(n -> text(n, path + ".software-rev", MAX_TEXT)),
                optional(node, "documentation").map(n -> uri(n, path + ".documentation")),
                extensions,
                policy(node, "from-device-policy", path),
                policy(node, "to-device-policy", path));
    }

    private static List<String> policy(JsonNode mud, String member, String path) {
        if (!mud.has(member)) {
            return List.of();
        }
        String p = path + "." + member;
        JsonNode policy = object(mud.get(member), p);
        members(policy, p, Set.of("access-lists"));
        JsonNode lists = object(required(policy, "access-lists", p), p + ".access-lists");
        members(lists, p + ".access-lists", Set.of("access-list"));
        String lp = p + ".access-lists.access-list";
        JsonNode list = array(required(lists, "access-list", p + ".access-lists"), lp, MAX_ACLS);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String ep = lp + "[" + i + "]";
            JsonNode entry = object(list.get(i), ep);
            members(entry, ep, Set.of("name"));
            String name = name(required(entry, "name", ep), ep + ".name");
            if (names.contains(name)) {
                throw new UntrustedInputException(ep + ".name: \"" + name + "\" (expected: listed once)");
            }
            names.add(name);
        }
        return names;
    }

    // RFC 8519 §4.1, container acls / list acl.
    private static List<Acl> acls(JsonNode node, String path) {
        members(node, path, Set.of("acl"));
        JsonNode list = array(required(node, "acl", path), path + ".acl", MAX_ACLS);
        List<Acl> acls = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String p = "acls.acl[" + i + "]";
            Acl acl = acl(object(list.get(i), p), p);
            if (!names.add(acl.name())) {
                throw new UntrustedInputException(p + ".name: \"" + acl.name() + "\" (expected: unique)");
            }
            acls.add(acl);
        }
        return acls;
    }

    private static Acl acl(JsonNode node, String path) {
        members(node, path, ACL_MEMBERS);
        String name = name(required(node, "name", path), path + ".name");
        AclType type = AclType.UNSPECIFIED;
        if (node.has("type")) {
            String t = identity(node.get("type"), path + ".type");
            type = switch (t) {
                case "ipv4-acl-type" -> AclType.IPV4;
                case "ipv6-acl-type" -> AclType.IPV6;
                default ->
                    throw new UntrustedInputException(
                            path + ".type: \"" + t + "\" (expected: ipv4-acl-type or ipv6-acl-type)");
            };
        }
        List<Ace> aces = new ArrayList<>();
        if (node.has("aces")) {
            String ap = path + ".aces";
            JsonNode container = object(node.get("aces"), ap);
            members(container, ap, Set.of("ace"));
            JsonNode list = array(required(container, "ace", ap), ap + ".ace", MAX_ACES);
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String p = ap + ".ace[" + i + "]";
                Ace ace = ace(object(list.get(i), p), p, type);
                if (!names.add(ace.name())) {
                    throw new UntrustedInputException(p + ".name: \"" + ace.name() + "\" (expected: unique)");
                }
                aces.add(ace);
            }
        }
        return new Acl(name, type, aces);
    }

    private static Ace ace(JsonNode node, String path, AclType type) {
        members(node, path, ACE_MEMBERS);
        String name = name(required(node, "name", path), path + ".name");
        String ap = path + ".actions";
        JsonNode actions = object(required(node, "actions", path), ap);
        members(actions, ap, Set.of("forwarding", "logging"));
        if (actions.has("logging")) {
            identity(actions.get("logging"), ap + ".logging"); // RFC 8519 §4.1: no effect on the decision
        }
        String f = identity(required(actions, "forwarding", ap), ap + ".forwarding");
        Forwarding forwarding =
                switch (f) {
                    case "accept" -> Forwarding.ACCEPT;
                    case "drop" -> Forwarding.DROP;
                    case "reject" -> Forwarding.REJECT;
                    default ->
                        throw new UntrustedInputException(
                                ap + ".forwarding: \"" + f + "\" (expected: accept, drop or reject)");
                };
        if (!node.has("matches")) {
            return new Ace(name, Optional.empty(), Optional.empty(), false, Optional.empty(), forwarding);
        }
        String mp = path + ".matches";
        JsonNode matches = object(node.get("matches"), mp);
        members(matches, mp, MATCH_MEMBERS);
        if (matches.has("ipv4") && matches.has("ipv6")) {
            throw new UntrustedInputException(mp + ": ipv4 and ipv6 (expected: one of them, RFC 8519 §4.1)");
        }
        int transports = (matches.has("tcp") ? 1 : 0) + (matches.has("udp") ? 1 : 0) + (matches.has("icmp") ? 1 : 0);
        if (transports > 1) {
            throw new UntrustedInputException(mp + ": more than one of tcp, udp, icmp (expected: one)");
        }
        Optional<IpMatch> ip = Optional.empty();
        if (matches.has("ipv4")) {
            ip = Optional.of(ip(object(matches.get("ipv4"), mp + ".ipv4"), mp + ".ipv4", 4));
        } else if (matches.has("ipv6")) {
            ip = Optional.of(ip(object(matches.get("ipv6"), mp + ".ipv6"), mp + ".ipv6", 6));
        }
        if (ip.isPresent()) {
            int v = ip.get().version();
            if ((type == AclType.IPV4 && v != 4) || (type == AclType.IPV6 && v != 6)) {
                throw new UntrustedInputException(
                        mp + ".ipv" + v + ": in an ACL of type " + type + " (expected: the ACL's address family)");
            }
        }
        Optional<TransportMatch> transport = Optional.empty();
        if (matches.has("tcp")) {
            transport = Optional.of(transport(object(matches.get("tcp"), mp + ".tcp"), mp + ".tcp", Protocol.TCP));
        } else if (matches.has("udp")) {
            transport = Optional.of(transport(object(matches.get("udp"), mp + ".udp"), mp + ".udp", Protocol.UDP));
        }
        boolean icmp = matches.has("icmp");
        if (icmp) {
            // RFC 8519 §4.2 icmp type/code/rest-of-header are not evaluated: refused rather than ignored.
            members(object(matches.get("icmp"), mp + ".icmp"), mp + ".icmp", Set.of());
        }
        if (ip.isPresent() && ip.get().protocol().isPresent()) {
            int proto = ip.get().protocol().getAsInt();
            int implied = transport
                    .map(t -> t.protocol() == Protocol.TCP ? 6 : 17)
                    .orElse(icmp ? (ip.get().version() == 4 ? 1 : 58) : proto);
            if (proto != implied) {
                throw new UntrustedInputException(mp + ".ipv" + ip.get().version() + ".protocol: " + proto
                        + " (expected: " + implied + " to agree with the transport match)");
            }
        }
        Optional<MudMatch> mud = matches.has(MUD)
                ? Optional.of(mudMatch(object(matches.get(MUD), mp + "." + MUD), mp + "." + MUD))
                : Optional.empty();
        return new Ace(name, ip, transport, icmp, mud, forwarding);
    }

    private static IpMatch ip(JsonNode node, String path, int version) {
        members(node, path, version == 4 ? IPV4_MEMBERS : IPV6_MEMBERS);
        OptionalInt protocol = node.has("protocol")
                ? OptionalInt.of((int) integer(node.get("protocol"), path + ".protocol", 0, 255))
                : OptionalInt.empty();
        String v = "ipv" + version;
        Optional<String> src = optional(node, "source-" + v + "-network")
                .map(n -> prefix(n, path + ".source-" + v + "-network", version));
        Optional<String> dst = optional(node, "destination-" + v + "-network")
                .map(n -> prefix(n, path + ".destination-" + v + "-network", version));
        Optional<String> srcDns = optional(node, SRC_DNS).map(n -> dnsName(n, path + "." + SRC_DNS));
        Optional<String> dstDns = optional(node, DST_DNS).map(n -> dnsName(n, path + "." + DST_DNS));
        // RFC 8520, ietf-acldns model: a DNS name and a network for the same end cannot both hold meaningfully.
        if (src.isPresent() && srcDns.isPresent()) {
            throw new UntrustedInputException(path + ": source network and " + SRC_DNS + " (expected: one)");
        }
        if (dst.isPresent() && dstDns.isPresent()) {
            throw new UntrustedInputException(path + ": destination network and " + DST_DNS + " (expected: one)");
        }
        return new IpMatch(version, protocol, src, dst, srcDns, dstDns);
    }

    private static TransportMatch transport(JsonNode node, String path, Protocol protocol) {
        members(
                node,
                path,
                protocol == Protocol.TCP
                        ? Set.of("source-port", "destination-port", DIRECTION_INITIATED)
                        : Set.of("source-port", "destination-port"));
        Optional<PortMatch> src = optional(node, "source-port").map(n -> port(n, path + ".source-port"));
        Optional<PortMatch> dst = optional(node, "destination-port").map(n -> port(n, path + ".destination-port"));
        Optional<Direction> initiated = optional(node, DIRECTION_INITIATED).map(n -> {
            String d = text(n, path + "." + DIRECTION_INITIATED, 16);
            return switch (d) {
                case "from-device" -> Direction.FROM_DEVICE;
                case "to-device" -> Direction.TO_DEVICE;
                default ->
                    throw new UntrustedInputException(
                            path + "." + DIRECTION_INITIATED + ": \"" + d + "\" (expected: from-device or to-device)");
            };
        });
        return new TransportMatch(protocol, src, dst, initiated);
    }

    // RFC 8519 §4.2 (ietf-packet-fields): choice port-range-or-operator.
    private static PortMatch port(JsonNode node, String path) {
        JsonNode object = object(node, path);
        if (object.has("lower-port") || object.has("upper-port")) {
            members(object, path, Set.of("lower-port", "upper-port"));
            int lower = (int) integer(required(object, "lower-port", path), path + ".lower-port", 0, 65535);
            int upper = (int) integer(required(object, "upper-port", path), path + ".upper-port", 0, 65535);
            if (upper < lower) {
                throw new UntrustedInputException(
                        path + ".upper-port: " + upper + " (expected: at least lower-port " + lower + ")");
            }
            return new PortMatch(PortOperator.RANGE, lower, upper);
        }
        members(object, path, Set.of("operator", "port"));
        int port = (int) integer(required(object, "port", path), path + ".port", 0, 65535);
        PortOperator op = PortOperator.EQ; // RFC 8519 §4.2: operator defaults to eq
        if (object.has("operator")) {
            String o = text(object.get("operator"), path + ".operator", 8);
            op = switch (o) {
                case "eq" -> PortOperator.EQ;
                case "neq" -> PortOperator.NEQ;
                case "lte" -> PortOperator.LTE;
                case "gte" -> PortOperator.GTE;
                default ->
                    throw new UntrustedInputException(
                            path + ".operator: \"" + o + "\" (expected: eq, neq, lte or gte)");
            };
        }
        return new PortMatch(op, port, port);
    }

    // RFC 8520 §2.1 and §4: the ietf-mud:mud match.
    private static MudMatch mudMatch(JsonNode node, String path) {
        members(node, path, MUD_MATCH_MEMBERS);
        if (node.size() == 0) {
            throw new UntrustedInputException(path + ": {} (expected: at least one member)");
        }
        return new MudMatch(
                optional(node, "manufacturer").map(n -> dnsName(n, path + ".manufacturer")),
                empty(node, "same-manufacturer", path),
                optional(node, "model").map(n -> uri(n, path + ".model")),
                empty(node, "local-networks", path),
                optional(node, "controller").map(n -> uri(n, path + ".controller")),
                empty(node, "my-controller", path));
    }
}
