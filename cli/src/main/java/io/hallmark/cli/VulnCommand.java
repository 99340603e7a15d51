package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hallmark vuln import|exposure}: vulnerability exposure (docs/vulnerabilities.md). */
@Command(
        name = "vuln",
        mixinStandardHelpOptions = true,
        description = "Vulnerability exposure: import advisories (OSV, CSAF VEX), see which releases and devices they"
                + " affect.",
        subcommands = {VulnCommand.Import.class, VulnCommand.Exposure.class})
final class VulnCommand extends GroupCommand {
    static final String PATH = "/api/v1/vulnerabilities";

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Import an advisory file, or every .json file under a folder (offline files: OSV records or"
                    + " CSAF 2.0 VEX documents). Exit code 1 when any record was refused.")
    static final class Import extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PATH", description = "A .json file or a folder of them.")
        Path path;

        @Option(names = "--org", paramLabel = "ORG", description = "The organization (default: yours).")
        String org;

        @Override
        int execute() {
            List<Path> files = files(path);
            int imported = 0;
            int refused = 0;
            long total = 0;
            for (Path f : files) {
                String q = "?name=" + URLEncoder.encode(f.getFileName().toString(), StandardCharsets.UTF_8)
                        + (org == null ? "" : "&org=" + URLEncoder.encode(org, StandardCharsets.UTF_8));
                ApiClient.Answer a = client().sendBytes(
                                "POST", PATH + "/imports" + q, ReleaseCommand.read(f, "PATH"), "application/json");
                if (json) {
                    printRaw(a.body());
                    continue;
                }
                JsonNode n = Json.read(a.body());
                imported += n.path("accepted").asInt();
                total = n.path("advisories").asLong();
                for (JsonNode r : n.path("refused")) {
                    refused++;
                    out().println("refused: " + r.asText());
                }
            }
            if (!json) {
                out().println(files.size() + " files: " + imported + " imported, " + refused + " refused; " + total
                        + " advisories held");
            }
            out().flush();
            return refused == 0 ? 0 : 1;
        }

        private static List<Path> files(Path p) {
            if (!Files.isDirectory(p)) {
                return List.of(p);
            }
            try (Stream<Path> s = Files.walk(p, 8)) {
                List<Path> out = new ArrayList<>(s.filter(Files::isRegularFile)
                        .filter(f -> f.getFileName().toString().endsWith(".json"))
                        .sorted()
                        .toList());
                if (out.isEmpty()) {
                    throw CliException.badInput("PATH: " + p + " holds no .json file");
                }
                return out;
            } catch (IOException e) {
                throw CliException.badInput("PATH: " + p + " cannot be read (" + e + ")", e);
            }
        }
    }

    @Command(
            name = "exposure",
            mixinStandardHelpOptions = true,
            description = "Per advisory: the affected releases, the devices running them, the fixed release.")
    static final class Exposure extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The organization (default: yours).")
        String org;

        @Override
        int execute() {
            String q = org == null ? "" : "?org=" + URLEncoder.encode(org, StandardCharsets.UTF_8);
            ApiClient.Answer a = client().get(PATH + "/exposure" + q);
            if (json) {
                printRaw(a.body());
                return 0;
            }
            JsonNode n = Json.read(a.body());
            out().printf(
                            "%-24s %-9s %-16s %-12s %8s %-12s %s%n",
                            "ADVISORY", "EXPLOITED", "PRODUCT", "RELEASE", "DEVICES", "FIXED IN", "COMPONENTS");
            for (JsonNode adv : n.path("advisories")) {
                for (JsonNode r : adv.path("releases")) {
                    List<String> comps = new ArrayList<>();
                    r.path("components").forEach(c -> comps.add(c.asText()));
                    out().printf(
                                    "%-24s %-9s %-16s %-12s %8d %-12s %s%n",
                                    adv.path("id").asText(),
                                    adv.path("exploited").asBoolean() ? "yes" : "",
                                    r.path("product").asText(),
                                    r.path("version").asText(),
                                    r.path("devices").asLong(),
                                    r.path("fixedIn").isTextual()
                                            ? r.path("fixedIn").asText()
                                            : "-",
                                    String.join(" ", comps));
                }
                for (JsonNode v : adv.path("vex")) {
                    out().printf("%-24s %-9s VEX: %s%n", adv.path("id").asText(), "", v.asText());
                }
            }
            out().println(n.path("releases").asInt() + " releases with an SBOM matched; devices: "
                    + n.path("devices").asText());
            for (JsonNode note : n.path("notes")) {
                out().println("note: " + note.asText());
            }
            out().flush();
            return 0;
        }
    }
}
