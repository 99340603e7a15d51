package io.hallmark.cli;

import io.hallmark.protocol.v1.TrustManufacturer;
import io.hallmark.protocol.v1.TrustedManufacturerView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hallmark trust add-manufacturer|manufacturers}: other instances' manufacturers an owner trusts. */
@Command(
        name = "trust",
        mixinStandardHelpOptions = true,
        description = "Trust other instances' manufacturers: their vouchers and their devices' birth certificates.",
        subcommands = {TrustCommand.AddManufacturer.class, TrustCommand.Manufacturers.class})
final class TrustCommand extends GroupCommand {
    static final String PATH = "/api/v1/trust/manufacturers";

    static final Table TABLE = Table.of(TrustedManufacturerView.class)
            .column("NAME", "name")
            .column("SUBJECT", "subject")
            .column("SHA-256", "sha256")
            .column("ADDED", "createdAt");

    @Command(
            name = "add-manufacturer",
            mixinStandardHelpOptions = true,
            description = "Trust a manufacturer's IDevID issuing CA and root (the output of `hallmark org ca M"
                    + " --purpose idevid` on its instance).")
    static final class AddManufacturer extends ApiCommand {
        @Option(names = "--cert", required = true, paramLabel = "PEM", description = "The manufacturer's chain.")
        Path cert;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "A name for people.")
        String name;

        @Option(names = "--org", paramLabel = "ORG", description = "The owner (default: your organization).")
        String org;

        @Override
        int execute() {
            String pem;
            try {
                pem = Files.readString(cert, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw CliException.badInput("--cert: " + cert + " cannot be read", e);
            }
            ApiClient.Answer a = client().post(PATH, new TrustManufacturer(org, name, pem));
            if (json) {
                printRaw(a.body());
            } else {
                out().println("trusted " + Json.read(a.body()).get("items").size() + " certificate(s) of " + name);
            }
            return 0;
        }
    }

    @Command(name = "manufacturers", mixinStandardHelpOptions = true, description = "List trusted manufacturers.")
    static final class Manufacturers extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The owner (default: your organization).")
        String org;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(PATH, params("org", org), paging, TABLE);
            return 0;
        }
    }
}
