package io.hallmark.server.behaviour.mud;

import static io.hallmark.server.behaviour.mud.MudParserTest.ace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NftablesExportTest {
    private final MudPolicy lightbulb = MudPolicy.compile(MudParser.parse(MudFixtures.lightbulb()));

    @Test
    void rendersTheLightbulbAsATableWithDnsSetsAndDefaultDrop() {
        String text = NftablesExport.render(lightbulb, "bulbs");

        assertThat(text)
                .contains("table inet hallmark_mud_bulbs {")
                .contains("    set bulbs {\n        type ipv4_addr\n        flags interval\n    }\n")
                .contains("    set bulbs_v6 {\n        type ipv6_addr\n        flags interval\n    }\n")
                .contains("    # filled by the gateway: addresses of test.example.com (RFC 8520 ietf-acldns)\n"
                        + "    set dns_0_v6 {\n        type ipv6_addr\n        flags timeout\n    }\n")
                .contains("    set dns_0_v4 {\n        type ipv4_addr\n        flags timeout\n    }\n")
                .contains("    chain from_device {\n"
                        + "        # mud-76100-v6fr / cl0-frdev\n"
                        + "        ip6 daddr @dns_0_v6 tcp dport 443 accept\n"
                        + "        # mud-76100-v4fr / cl0-frdev\n"
                        + "        ip daddr @dns_0_v4 tcp dport 443 accept\n"
                        + "        drop\n"
                        + "    }\n")
                .contains("        ip6 saddr @dns_0_v6 tcp sport 443 ct state established,related accept\n")
                .contains("        type filter hook forward priority filter; policy accept;\n"
                        + "        ip saddr @bulbs jump from_device\n"
                        + "        ip6 saddr @bulbs_v6 jump from_device\n"
                        + "        ip daddr @bulbs jump to_device\n"
                        + "        ip6 daddr @bulbs_v6 jump to_device\n");
    }

    @Test
    void rendersPrefixesRangesOperatorsAndLocalNetworks() {
        MudPolicy p = MudPolicy.compile(MudParser.parse(MudFixtures.fromDevice(ace(
                        "net",
                        "{\"ipv4\": {\"destination-ipv4-network\": \"198.51.100.9/24\"},"
                                + " \"tcp\": {\"destination-port\": {\"lower-port\": 8000, \"upper-port\": 8080}}}")
                + "," + ace("ne", "{\"udp\": {\"destination-port\": {\"operator\": \"neq\", \"port\": 23}}}")
                + "," + ace("loc", "{\"ietf-mud:mud\": {\"local-networks\": [null]}}"))));

        String text = NftablesExport.render(p, "dev");

        assertThat(text)
                .contains("        ip daddr 198.51.100.0/24 tcp dport 8000-8080 accept\n")
                .contains("        udp dport != 23 accept\n")
                .contains("        ip daddr { 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16 } accept\n")
                .contains("        ip6 daddr { fc00:0:0:0:0:0:0:0/7, fe80:0:0:0:0:0:0:0/10 } accept\n");
    }

    @Test
    void rendersTheLuminaireClassesWhenTheVectorIsPresent() throws IOException {
        java.util.Optional<Path> vector = MudFixtures.testVector("mud-rfc8520/Luminaire_150.json");
        assumeTrue(vector.isPresent(), "shared test vectors absent: mud-rfc8520/Luminaire_150.json");
        MudPolicy p = MudPolicy.compile(MudParser.parse(Files.readAllBytes(vector.get())));

        String text = NftablesExport.render(p, "lum");

        assertThat(text)
                .contains("        ip daddr @dns_0_v4 tcp dport 443 accept\n")
                .contains("        ip daddr @class_0_v4 udp dport 5684 accept\n")
                .contains("        ip daddr { 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16 }"
                        + " udp dport 5683 accept\n")
                .contains("    # filled by the gateway: addresses of MUD class my-controller (RFC 8520 section 3)\n");
    }

    @Test
    void keepsUntrustedNamesOutOfTheRuleText() {
        MudPolicy p = MudPolicy.compile(MudParser.parse(MudFixtures.fromDevice(ace("x } drop; #", "{}"))));

        assertThat(NftablesExport.render(p, "dev"))
                .contains("# a / x___drop___\n")
                .doesNotContain("x } drop");
    }

    @Test
    void refusesASetNameThatIsNotAnIdentifier() {
        assertThatThrownBy(() -> NftablesExport.render(lightbulb, "bulbs; flush ruleset"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("deviceAddressSetName: bulbs; flush ruleset (expected:");
    }

    @Test
    void nftAcceptsTheRulesetWhenAvailable(@TempDir Path dir) throws IOException, InterruptedException {
        Path nft = null;
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, "nft");
            if (!d.isEmpty() && Files.isExecutable(candidate)) {
                nft = candidate;
                break;
            }
        }
        assumeTrue(nft != null, "nft is not on PATH");
        Path rules = dir.resolve("mud.nft");
        Files.writeString(rules, NftablesExport.render(lightbulb, "bulbs"), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(nft.toString(), "-c", "-f", rules.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assumeTrue(!output.contains("Operation not permitted"), "nft -c needs privileges it does not have here");
        assertThat(process.exitValue()).as(output).isZero();
    }
}
