package io.hallmark.server.behaviour.mud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.behaviour.mud.MudFile.AclType;
import io.hallmark.server.behaviour.mud.MudFile.Forwarding;
import io.hallmark.server.behaviour.mud.MudFile.PortMatch;
import io.hallmark.server.behaviour.mud.MudFile.PortOperator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MudParserTest {
    @Test
    void parsesTheLightbulbOfAppendixC() {
        MudFile file = MudParser.parse(MudFixtures.lightbulb());

        assertThat(file.mud().mudUrl()).isEqualTo("https://lighting.example.com/lightbulb2000");
        assertThat(file.mud().cacheValidity()).isEqualTo(48);
        assertThat(file.mud().isSupported()).isTrue();
        assertThat(file.mud().mfgName()).contains("Example Lighting");
        assertThat(file.mud().fromDevicePolicy()).containsExactly("mud-76100-v6fr", "mud-76100-v4fr");
        assertThat(file.acls()).hasSize(4);
        MudFile.Acl v4fr = file.findAcl("mud-76100-v4fr").orElseThrow();
        assertThat(v4fr.type()).isEqualTo(AclType.IPV4);
        MudFile.Ace ace = v4fr.aces().get(0);
        assertThat(ace.forwarding()).isEqualTo(Forwarding.ACCEPT);
        assertThat(ace.ip().orElseThrow().dstDnsname()).contains("test.example.com");
        assertThat(ace.transport().orElseThrow().destinationPort()).contains(new PortMatch(PortOperator.EQ, 443, 443));
        assertThat(ace.transport().orElseThrow().directionInitiated()).contains(Direction.FROM_DEVICE);
    }

    @Test
    void parsesTheLuminaireVectorWhenPresent() throws IOException {
        Optional<Path> vector = MudFixtures.testVector("mud-rfc8520/Luminaire_150.json");
        assumeTrue(vector.isPresent(), "shared test vectors absent: mud-rfc8520/Luminaire_150.json");

        MudFile file = MudParser.parse(Files.readAllBytes(vector.get()));

        assertThat(file.mud().fromDevicePolicy()).containsExactly("mud-21966-v4fr");
        MudFile.Ace myController =
                file.findAcl("mud-21966-v4fr").orElseThrow().aces().get(1);
        assertThat(myController.mud().orElseThrow().myController()).isTrue();
    }

    @Test
    void defaultsCacheValidityTo48Hours() {
        String json = "{\"ietf-mud:mud\": {\"mud-version\": 1, \"mud-url\": \"https://example.com/x\","
                + " \"last-update\": \"2024-05-01T10:00:00Z\", \"is-supported\": false}}";

        MudFile file = MudParser.parse(json.getBytes(StandardCharsets.UTF_8));

        assertThat(file.mud().cacheValidity()).isEqualTo(48);
        assertThat(file.acls()).isEmpty();
    }

    @Test
    void acceptsRangesAndQualifiedIdentities() {
        MudFile file = MudParser.parse(MudFixtures.fromDevice("{\"name\": \"r\", \"matches\": {\"udp\":"
                + " {\"destination-port\": {\"lower-port\": 8000, \"upper-port\": 8080}}},"
                + " \"actions\": {\"forwarding\": \"ietf-access-control-list:accept\"}}"));

        MudFile.Ace ace = file.acls().get(0).aces().get(0);
        assertThat(ace.forwarding()).isEqualTo(Forwarding.ACCEPT);
        assertThat(ace.transport().orElseThrow().destinationPort())
                .contains(new PortMatch(PortOperator.RANGE, 8000, 8080));
    }

    @Test
    void refusesAPortOfTheWrongTypeNamingItsPath() {
        String aces = ace("a0", "{\"tcp\": {}}") + "," + ace("a1", "{\"udp\": {}}") + ","
                + ace("a2", "{\"tcp\": {\"destination-port\": {\"operator\": \"eq\", \"port\": \"23\"}}}");

        assertRefused(
                MudFixtures.fromDevice(aces), "acls.acl[0].aces.ace[2].matches.tcp.destination-port.port: a string");
    }

    @Test
    void refusesAnUpperPortBelowTheLower() {
        byte[] bytes = MudFixtures.fromDevice(
                ace("a0", "{\"tcp\": {\"source-port\": {\"lower-port\": 90, \"upper-port\": 80}}}"));

        assertRefused(bytes, "acls.acl[0].aces.ace[0].matches.tcp.source-port.upper-port: 80");
    }

    @Test
    void refusesAPolicyNamingAMissingAcl() {
        byte[] bytes = MudFixtures.mud(
                "\"to-device-policy\": {\"access-lists\": {\"access-list\": [{\"name\": \"nope\"}]}}",
                "{\"name\": \"a\", \"aces\": {\"ace\": []}}");

        assertRefused(bytes, "mud.to-device-policy.access-lists.access-list[0].name: \"nope\"");
    }

    @Test
    void refusesUnknownAndUnsupportedMembers() {
        assertRefused(
                MudFixtures.fromDevice(ace("a0", "{\"eth\": {}}")), "acls.acl[0].aces.ace[0].matches.eth: unknown");
        assertRefused(
                MudFixtures.fromDevice(ace("a0", "{\"ipv4\": {\"ttl\": 3}}")),
                "acls.acl[0].aces.ace[0].matches.ipv4.ttl: unknown");
        assertRefused(
                MudFixtures.fromDevice(ace("a0", "{\"udp\": {\"ietf-mud:direction-initiated\": \"from-device\"}}")),
                "acls.acl[0].aces.ace[0].matches.udp.ietf-mud:direction-initiated: unknown");
        String extra = "{\"ietf-mud:mud\": {\"mud-version\": 1, \"mud-url\": \"https://e.com/x\","
                + " \"last-update\": \"2024-05-01T10:00:00Z\", \"is-supported\": true, \"colour\": \"red\"}}";
        assertRefused(extra.getBytes(StandardCharsets.UTF_8), "mud.colour: unknown");
        assertRefused("{\"other\": 1}".getBytes(StandardCharsets.UTF_8), "other: unknown");
    }

    @Test
    void refusesAnotherMudVersion() {
        String json = "{\"ietf-mud:mud\": {\"mud-version\": 2, \"mud-url\": \"https://example.com/x\","
                + " \"last-update\": \"2024-05-01T10:00:00Z\", \"is-supported\": true}}";

        assertRefused(json.getBytes(StandardCharsets.UTF_8), "mud.mud-version: 2 (expected: 1..1)");
    }

    @Test
    void refusesThePreRfc8519AccessListsForm() {
        String old = "{\"ietf-mud:mud\": {}, \"ietf-access-control-list:access-lists\": {\"acl\": []}}";

        assertRefused(old.getBytes(StandardCharsets.UTF_8), "ietf-access-control-list:access-lists: the pre-RFC 8519");
    }

    @Test
    void refusesAProtocolThatContradictsTheTransport() {
        assertRefused(
                MudFixtures.fromDevice(ace("a0", "{\"ipv4\": {\"protocol\": 17}, \"tcp\": {}}")),
                "acls.acl[0].aces.ace[0].matches.ipv4.protocol: 17");
    }

    @Test
    void refusesBadNamesPrefixesAndEmptyLeaves() {
        assertRefused(
                MudFixtures.fromDevice(ace("a0", "{\"ipv4\": {\"ietf-acldns:dst-dnsname\": \"bad name\"}}")),
                "acls.acl[0].aces.ace[0].matches.ipv4.ietf-acldns:dst-dnsname: \"bad name\"");
        assertRefused(
                MudFixtures.fromDevice(ace("a0", "{\"ipv4\": {\"destination-ipv4-network\": \"10.0.0.0/33\"}}")),
                "acls.acl[0].aces.ace[0].matches.ipv4.destination-ipv4-network");
        assertRefused(
                MudFixtures.fromDevice(ace("a0", "{\"ietf-mud:mud\": {\"local-networks\": true}}")),
                "acls.acl[0].aces.ace[0].matches.ietf-mud:mud.local-networks: a boolean (expected: [null])");
    }

    @Test
    void refusesDuplicatesTrailingDataFloatsAndOversizedFiles() {
        assertRefused("{\"ietf-mud:mud\": {}, \"ietf-mud:mud\": {}}".getBytes(StandardCharsets.UTF_8), "not JSON");
        assertRefused("{} {}".getBytes(StandardCharsets.UTF_8), "not JSON");
        assertRefused(
                MudFixtures.fromDevice(ace("a0", "{\"tcp\": {\"destination-port\": {\"port\": 443.0}}}")),
                "destination-port.port: a number");
        assertRefused(new byte[MudParser.MAX_BYTES + 1], "bytes (expected: at most");
        assertRefused(new byte[0], "empty");
    }

    @Test
    void boundsTheNumberOfAces() {
        StringBuilder aces = new StringBuilder();
        for (int i = 0; i <= MudParser.MAX_ACES; i++) {
            aces.append(i == 0 ? "" : ",").append(ace("a" + i, "{}"));
        }

        assertRefused(MudFixtures.fromDevice(aces.toString()), "acls.acl[0].aces.ace: 513 entries");
    }

    @Test
    void refusesDuplicateAceNames() {
        assertRefused(MudFixtures.fromDevice(ace("x", "{}") + "," + ace("x", "{}")), "acls.acl[0].aces.ace[1].name");
    }

    static String ace(String name, String matches) {
        return "{\"name\": \"" + name + "\", \"matches\": " + matches + ", \"actions\": {\"forwarding\": \"accept\"}}";
    }

    private static void assertRefused(byte[] bytes, String message) {
        assertThatThrownBy(() -> MudParser.parse(bytes))
                .isInstanceOf(UntrustedInputException.class)
                .hasMessageContaining(message);
    }
}
