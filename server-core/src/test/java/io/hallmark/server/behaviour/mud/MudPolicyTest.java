package io.hallmark.server.behaviour.mud;

import static io.hallmark.server.behaviour.mud.Direction.FROM_DEVICE;
import static io.hallmark.server.behaviour.mud.Direction.TO_DEVICE;
import static io.hallmark.server.behaviour.mud.MudParserTest.ace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hallmark.server.behaviour.mud.MudPolicy.Contact;
import io.hallmark.server.behaviour.mud.MudPolicy.Decision;
import io.hallmark.server.behaviour.mud.MudPolicy.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MudPolicyTest {
    private final MudPolicy lightbulb = MudPolicy.compile(MudParser.parse(MudFixtures.lightbulb()));

    @Test
    void allowsTheLightbulbToReachItsCloudOverTls() {
        Decision d = lightbulb.evaluate(Contact.of(FROM_DEVICE, "test.example.com", 443, Protocol.TCP));

        assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(d.acl()).contains("mud-76100-v6fr");
        assertThat(d.ace()).contains("cl0-frdev");
        assertThat(d.findingId()).isEqualTo("behaviour.mud.allowed");
    }

    @Test
    void comparesDnsNamesCaseInsensitivelyAndWithoutTheTrailingDot() {
        assertThat(lightbulb
                        .evaluate(Contact.of(FROM_DEVICE, "Test.EXAMPLE.com.", 443, Protocol.TCP))
                        .isAllowed())
                .isTrue();
    }

    @Test
    void reportsTelnetARandomAddressAndUdpAsViolations() {
        for (Contact c : new Contact[] {
            Contact.of(FROM_DEVICE, "test.example.com", 23, Protocol.TCP),
            Contact.of(FROM_DEVICE, "203.0.113.7", 443, Protocol.TCP),
            Contact.of(FROM_DEVICE, "2001:db8::7", 443, Protocol.TCP),
            Contact.of(FROM_DEVICE, "test.example.com", 443, Protocol.UDP),
            Contact.of(FROM_DEVICE, "evil.example.com", 443, Protocol.TCP),
            Contact.of(FROM_DEVICE, "test.example.com", 0, Protocol.ICMP)
        }) {
            Decision d = lightbulb.evaluate(c);
            assertThat(d.outcome()).as(c.toString()).isEqualTo(Outcome.VIOLATION);
            assertThat(d.ace()).as(c.toString()).isEmpty();
            assertThat(d.findingId()).isEqualTo("behaviour.mud.no-ace-matched");
        }
    }

    @Test
    void allowsRepliesOnlyToConnectionsTheDeviceOpened() {
        Contact reply = new Contact(TO_DEVICE, "test.example.com", 443, Protocol.TCP, 50000, FROM_DEVICE);
        Contact unsolicited = Contact.of(TO_DEVICE, "test.example.com", 443, Protocol.TCP);

        assertThat(lightbulb.evaluate(reply).ace()).contains("cl0-todev");
        assertThat(lightbulb.evaluate(unsolicited).outcome()).isEqualTo(Outcome.VIOLATION);
    }

    @Test
    void matchesPrefixesOfBothFamilies() {
        MudPolicy p = policy(ace("v4", "{\"ipv4\": {\"destination-ipv4-network\": \"198.51.100.0/24\"}}") + ","
                + ace("v6", "{\"ipv6\": {\"destination-ipv6-network\": \"2001:db8:10::/48\"}}"));

        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "198.51.100.200", 1, Protocol.UDP))
                        .ace())
                .contains("v4");
        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "198.51.101.1", 1, Protocol.UDP))
                        .isAllowed())
                .isFalse();
        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "2001:db8:10:ffff::1", 1, Protocol.TCP))
                        .ace())
                .contains("v6");
        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "2001:db8:11::1", 1, Protocol.TCP))
                        .isAllowed())
                .isFalse();
        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "::ffff:198.51.100.1", 1, Protocol.TCP))
                        .isAllowed())
                .isFalse();
    }

    @Test
    void matchesPortsByEqualityRangeAndOperators() {
        MudPolicy p = policy(ace(
                        "range", "{\"tcp\": {\"destination-port\": {\"lower-port\": 8000, \"upper-port\": 8080}}}")
                + "," + ace("eq", "{\"udp\": {\"destination-port\": {\"operator\": \"eq\", \"port\": 53}}}")
                + "," + ace("gte", "{\"udp\": {\"destination-port\": {\"operator\": \"gte\", \"port\": 60000}}}"));

        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "192.0.2.1", 8000, Protocol.TCP))
                        .ace())
                .contains("range");
        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "192.0.2.1", 8080, Protocol.TCP))
                        .ace())
                .contains("range");
        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "192.0.2.1", 8081, Protocol.TCP))
                        .isAllowed())
                .isFalse();
        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "192.0.2.1", 53, Protocol.UDP))
                        .ace())
                .contains("eq");
        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "192.0.2.1", 53, Protocol.TCP))
                        .isAllowed())
                .isFalse();
        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "192.0.2.1", 65535, Protocol.UDP))
                        .ace())
                .contains("gte");
    }

    @Test
    void theFirstMatchingAceDecidesAndDropIsAViolation() {
        String drop = "{\"name\": \"no-telnet\", \"matches\": {\"tcp\": {\"destination-port\": {\"port\": 23}}},"
                + " \"actions\": {\"forwarding\": \"drop\"}}";
        MudPolicy p = policy(drop + "," + ace("any-tcp", "{\"tcp\": {}}"));

        Decision telnet = p.evaluate(Contact.of(FROM_DEVICE, "192.0.2.1", 23, Protocol.TCP));

        assertThat(telnet.outcome()).isEqualTo(Outcome.VIOLATION);
        assertThat(telnet.ace()).contains("no-telnet");
        assertThat(telnet.findingId()).isEqualTo("behaviour.mud.denied-by-ace");
        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "192.0.2.1", 22, Protocol.TCP))
                        .ace())
                .contains("any-tcp");
        assertThat(p.evaluate(Contact.of(TO_DEVICE, "192.0.2.1", 22, Protocol.TCP))
                        .isAllowed())
                .isFalse();
    }

    @Test
    void resolvesMudClassesThroughTheBindings() {
        String acls = ace("local", "{\"ietf-mud:mud\": {\"local-networks\": [null]}, \"udp\": {}}") + ","
                + ace("ctl", "{\"ietf-mud:mud\": {\"my-controller\": [null]}}");
        MudPolicy unbound = policy(acls);
        MudPolicy bound = MudPolicy.compile(
                MudParser.parse(MudFixtures.fromDevice(acls)),
                MudBindings.defaults().withMyControllers(Set.of("Controller.Example.NET", "2001:db8::0:1")));

        assertThat(unbound.evaluate(Contact.of(FROM_DEVICE, "192.168.3.4", 5683, Protocol.UDP))
                        .ace())
                .contains("local");
        assertThat(unbound.evaluate(Contact.of(FROM_DEVICE, "fe80::1", 5683, Protocol.UDP))
                        .ace())
                .contains("local");
        assertThat(unbound.evaluate(Contact.of(FROM_DEVICE, "8.8.8.8", 5683, Protocol.UDP))
                        .isAllowed())
                .isFalse();
        assertThat(unbound.evaluate(Contact.of(FROM_DEVICE, "controller.example.net", 1, Protocol.TCP))
                        .isAllowed())
                .isFalse();
        assertThat(bound.evaluate(Contact.of(FROM_DEVICE, "controller.example.net", 1, Protocol.TCP))
                        .ace())
                .contains("ctl");
        assertThat(bound.evaluate(Contact.of(FROM_DEVICE, "2001:db8::1", 1, Protocol.TCP))
                        .ace())
                .contains("ctl");
    }

    @Test
    void evaluatesTheLuminaireVectorWhenPresent() throws IOException {
        Optional<Path> vector = MudFixtures.testVector("mud-rfc8520/Luminaire_150.json");
        assumeTrue(vector.isPresent(), "shared test vectors absent: mud-rfc8520/Luminaire_150.json");
        MudPolicy p = MudPolicy.compile(MudParser.parse(Files.readAllBytes(vector.get())));

        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "fw-update.luminaire.example.com", 443, Protocol.TCP))
                        .ace())
                .contains("cl0-frdev");
        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "192.168.1.20", 5683, Protocol.UDP))
                        .ace())
                .contains("loc0-frdev");
        assertThat(p.evaluate(Contact.of(FROM_DEVICE, "192.168.1.20", 23, Protocol.TCP))
                        .isAllowed())
                .isFalse();
    }

    private static MudPolicy policy(String aces) {
        return MudPolicy.compile(MudParser.parse(MudFixtures.fromDevice(aces)));
    }
}
