package io.hallmark.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hallmark mud attach|export-firewall}: a product's MUD file (RFC 8520) and the firewall it makes. */
@Command(
        name = "mud",
        mixinStandardHelpOptions = true,
        description = "Manufacturer Usage Descriptions (RFC 8520): what a product's devices may reach.",
        subcommands = {MudCommand.Attach.class, MudCommand.ExportFirewall.class})
final class MudCommand extends GroupCommand {

    @Command(
            name = "attach",
            mixinStandardHelpOptions = true,
            description = "Attach a MUD file to a product; contacts outside it become violations in telemetry.")
    static final class Attach extends ApiCommand {
        @Option(names = "--product", required = true, paramLabel = "ID|MODEL", description = "The product.")
        String product;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The MUD file (JSON).")
        Path file;

        @Override
        int execute() {
            byte[] mud;
            try {
                mud = Files.readAllBytes(file);
            } catch (IOException e) {
                throw CliException.badInput("--file: " + file + " cannot be read", e);
            }
            ApiClient.Answer a = client().putBytes(
                            "/api/v1/products/" + ApiClient.segment(product) + "/mud", mud, "application/mud+json");
            if (json) {
                printRaw(a.body());
            } else {
                var view = Json.read(a.body());
                out().println("attached " + view.get("mudUrl").asText() + " ("
                        + view.get("acls").asInt() + " access lists) to " + product);
            }
            return 0;
        }
    }

    @Command(
            name = "export-firewall",
            mixinStandardHelpOptions = true,
            description = "Write the product's MUD policy as nftables rules a gateway loads with 'nft -f'.")
    static final class ExportFirewall extends ApiCommand {
        @Option(names = "--product", required = true, paramLabel = "ID|MODEL", description = "The product.")
        String product;

        @Option(names = "--set", paramLabel = "NAME", description = "The device address set (default: devices).")
        String set;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the rules there (default: stdout).")
        Path outFile;

        @Override
        int execute() {
            String path = "/api/v1/products/" + ApiClient.segment(product) + "/mud/nftables"
                    + (set == null ? "" : "?set=" + ApiClient.segment(set));
            String rules = client().get(path).body();
            if (outFile == null) {
                printRaw(rules);
                return 0;
            }
            try {
                Files.writeString(outFile, rules, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliException.failed("--out: " + outFile + " cannot be written", e);
            }
            out().println("wrote " + outFile);
            return 0;
        }
    }
}
