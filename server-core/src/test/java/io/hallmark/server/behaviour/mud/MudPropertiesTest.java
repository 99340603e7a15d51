package io.hallmark.server.behaviour.mud;

import static io.hallmark.server.behaviour.mud.MudParserTest.ace;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.behaviour.mud.MudPolicy.Contact;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The decoder is fuzzed: whatever the bytes, it parses or throws {@link UntrustedInputException}. */
class MudPropertiesTest {
    private static final byte[] LIGHTBULB = MudFixtures.lightbulb();
    private static final MudPolicy RICH = MudPolicy.compile(MudParser.parse(MudFixtures.fromDevice(
            ace("net", "{\"ipv4\": {\"destination-ipv4-network\": \"198.51.100.0/24\"}, \"tcp\": {}}")
                    + "," + ace("dns", "{\"ipv6\": {\"ietf-acldns:dst-dnsname\": \"a.example\"}}")
                    + "," + ace("loc", "{\"ietf-mud:mud\": {\"local-networks\": [null]}, \"udp\": {}}")
                    + "," + ace("ctl", "{\"ietf-mud:mud\": {\"controller\": \"urn:x\"}}")
                    + "," + ace("icmp", "{\"icmp\": {}}"))));
    private static final MudPolicy BULB = MudPolicy.compile(MudParser.parse(LIGHTBULB));

    @Property(tries = 500)
    void arbitraryBytesParseOrAreRefused(@ForAll byte[] bytes) {
        parseOrRefuse(bytes);
    }

    @Property(tries = 1000)
    void mutatedLightbulbsParseOrAreRefused(@ForAll("mutations") byte[] bytes) {
        parseOrRefuse(bytes);
    }

    @Property(tries = 500)
    void substitutedValuesParseOrAreRefused(@ForAll("substitutions") byte[] bytes) {
        parseOrRefuse(bytes);
    }

    @Property(tries = 2000)
    void evaluationNeverThrows(@ForAll("contacts") Contact contact) {
        assertThat(RICH.evaluate(contact)).isNotNull();
        assertThat(BULB.evaluate(contact)).isNotNull();
    }

    @Property(tries = 500)
    void addressesParseAsTheJdkPrintsThem(@ForAll("addresses") byte[] raw) throws UnknownHostException {
        String text = InetAddress.getByAddress(raw).getHostAddress();

        IpPrefix parsed = IpPrefix.parseAddress(text);

        assertThat(parsed).isNotNull();
        assertThat(parsed.text()).isEqualTo(text + "/" + raw.length * 8);
    }

    private static void parseOrRefuse(byte[] bytes) {
        try {
            MudFile file = MudParser.parse(bytes);
            MudPolicy policy = MudPolicy.compile(file);
            policy.evaluate(Contact.of(Direction.FROM_DEVICE, "192.0.2.1", 443, Protocol.TCP));
            // what parses also renders, and untrusted text never opens a rule of its own
            for (String line : NftablesExport.render(policy, "dev").split("\n")) {
                if (line.strip().startsWith("#")) {
                    assertThat(line).as(line).doesNotContain(";", "{", "}", "\"", "\r");
                }
            }
        } catch (UntrustedInputException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, LIGHTBULB.length - 1),
                        Arbitraries.bytes(),
                        Arbitraries.integers().between(0, 3))
                .as((at, value, kind) -> {
                    byte[] copy;
                    switch (kind) {
                        case 0 -> {
                            copy = LIGHTBULB.clone();
                            copy[at] = value;
                        }
                        case 1 -> {
                            copy = new byte[LIGHTBULB.length - 1];
                            System.arraycopy(LIGHTBULB, 0, copy, 0, at);
                            System.arraycopy(LIGHTBULB, at + 1, copy, at, LIGHTBULB.length - at - 1);
                        }
                        case 2 -> {
                            copy = new byte[LIGHTBULB.length + 1];
                            System.arraycopy(LIGHTBULB, 0, copy, 0, at);
                            copy[at] = value;
                            System.arraycopy(LIGHTBULB, at, copy, at + 1, LIGHTBULB.length - at);
                        }
                        default -> copy = java.util.Arrays.copyOf(LIGHTBULB, at);
                    }
                    return copy;
                });
    }

    @Provide
    Arbitrary<byte[]> substitutions() {
        List<String> targets = List.of(
                "443",
                "\"eq\"",
                "\"test.example.com\"",
                "[null]",
                "48",
                "true",
                "\"accept\"",
                "\"from-device\"",
                "\"ipv4-acl-type\"",
                "\"mud-76100-v4fr\"",
                "6");
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of(
                        "null",
                        "[]",
                        "{}",
                        "-1",
                        "1e9",
                        "65536",
                        "\"\"",
                        "[null, null]",
                        "0.5",
                        "\"a b\"",
                        "99999999999999999999",
                        "\"ietf-access-control-list:drop\"",
                        "{\"x\": 1}"),
                Arbitraries.strings()
                        .ofMaxLength(12)
                        .map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""));
        return Combinators.combine(Arbitraries.of(targets), values).as((target, value) -> new String(
                        LIGHTBULB, java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst(java.util.regex.Pattern.quote(target), java.util.regex.Matcher.quoteReplacement(value))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<Contact> contacts() {
        Arbitrary<String> hosts = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(50),
                Arbitraries.of(
                        "198.51.100.1",
                        "a.example",
                        "A.EXAMPLE.",
                        "test.example.com",
                        "::",
                        "::1",
                        "1::",
                        "::ffff:1.2.3.4",
                        "192.168.0.1",
                        "fe80::1",
                        ":::",
                        "1:2:3:4:5:6:7:8:9",
                        "256.1.1.1",
                        "01.2.3.4",
                        "1.2.3",
                        "1..2.3",
                        "."),
                Arbitraries.strings().withChars("0123456789abcdef:.").ofMaxLength(45));
        return Combinators.combine(
                        Arbitraries.of(Direction.class),
                        hosts,
                        Arbitraries.integers().between(0, 65535),
                        Arbitraries.of(Protocol.class),
                        Arbitraries.integers().between(-1, 65535),
                        Arbitraries.of(Direction.class))
                .as(Contact::new);
    }

    @Provide
    Arbitrary<byte[]> addresses() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(4),
                Arbitraries.bytes()
                        .array(byte[].class)
                        .ofSize(16)
                        .filter(b -> !(b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0 && b[10] == -1)));
    }
}
