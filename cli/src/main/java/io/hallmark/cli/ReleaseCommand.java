package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.protocol.v1.ReleasePublish;
import io.hallmark.protocol.v1.ReleaseRevoke;
import io.hallmark.protocol.v1.ReleaseView;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hallmark release publish|list|show|revoke}: firmware releases, each one entry of the manufacturer's TUF
 * targets (devices read them at {@code /tuf/{manufacturer}/} on the device port).
 */
@Command(
        name = "release",
        mixinStandardHelpOptions = true,
        description = "Firmware releases: publish (image, SBOM, reference measurements), list, show, revoke.",
        subcommands = {
            ReleaseCommand.Publish.class,
            ReleaseCommand.ListAll.class,
            ReleaseCommand.Show.class,
            ReleaseCommand.Revoke.class
        })
final class ReleaseCommand extends GroupCommand {
    static final String PATH = "/api/v1/releases";

    static final Table TABLE = Table.of(ReleaseView.class)
            .column("ID", "id")
            .column("PRODUCT", "productModel")
            .column("VERSION", "version")
            .column("STATE", "state")
            .column("SECURITY", "security")
            .column("TARGET", "target")
            .column("SHA-256", "imageSha256")
            .column("PUBLISHED", "publishedAt");

    @Command(
            name = "publish",
            mixinStandardHelpOptions = true,
            description = "Upload an image (and SBOM) and publish them as a release of a product.")
    static final class Publish extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The manufacturer (default: your organization).")
        String org;

        @Option(names = "--product", required = true, paramLabel = "ID|MODEL", description = "The product.")
        String product;

        @Option(names = "--version", required = true, paramLabel = "V", description = "The release's version.")
        String version;

        @Option(names = "--image", required = true, paramLabel = "FILE", description = "The firmware image.")
        Path image;

        @Option(names = "--sbom", paramLabel = "FILE", description = "Its CycloneDX SBOM (JSON).")
        Path sbom;

        @Option(
                names = "--measurements",
                paramLabel = "FILE",
                description = "Reference measurements: a JSON object of name to hex digest.")
        Path measurements;

        @Option(
                names = "--hardware",
                split = ",",
                paramLabel = "REV",
                description = "Hardware revisions it runs on (comma-separated; default: all).")
        List<String> hardware;

        @Option(names = "--security", description = "A security release.")
        boolean security;

        @Override
        int execute() {
            String imageSha = upload(read(image, "--image"));
            String sbomSha = sbom == null ? null : upload(read(sbom, "--sbom"));
            Map<String, String> m = null;
            if (measurements != null) {
                JsonNode node = Json.read(new String(read(measurements, "--measurements"), StandardCharsets.UTF_8));
                if (!node.isObject()) {
                    throw CliException.badInput("--measurements: expected a JSON object of name to hex digest");
                }
                m = new LinkedHashMap<>();
                for (var e : node.properties()) {
                    if (!e.getValue().isTextual()) {
                        throw CliException.badInput("--measurements: " + e.getKey() + " is not a string");
                    }
                    m.put(e.getKey(), e.getValue().asText());
                }
            }
            ApiClient.Answer a = client().post(
                            PATH,
                            new ReleasePublish(
                                    org,
                                    product,
                                    version,
                                    imageSha,
                                    image.getFileName().toString(),
                                    sbomSha,
                                    m,
                                    hardware,
                                    security));
            if (!json) {
                out().println("published release");
            }
            printOne(a, TABLE);
            return 0;
        }

        private String upload(byte[] bytes) {
            String q = org == null ? "" : "?org=" + URLEncoder.encode(org, StandardCharsets.UTF_8);
            ApiClient.Answer a = client().sendBytes("POST", PATH + "/uploads" + q, bytes, "application/octet-stream");
            return Json.read(a.body()).get("sha256").asText();
        }
    }

    static byte[] read(Path file, String option) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliException.badInput(option + ": " + file + " cannot be read (" + e + ")", e);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a manufacturer's releases.")
    static final class ListAll extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The manufacturer (default: your organization).")
        String org;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(PATH, params("org", org), paging, TABLE);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one release.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The release's id.")
        String id;

        @Override
        int execute() {
            printOne(client().get(PATH + "/" + ApiClient.segment(id)), TABLE);
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a release: removed from the manufacturer's TUF targets; devices will not install it.")
    static final class Revoke extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The release's id.")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
        String reason;

        @Override
        int execute() {
            ApiClient.Answer a =
                    client().post(PATH + "/" + ApiClient.segment(id) + "/revoke", new ReleaseRevoke(reason));
            if (!json) {
                out().println("revoked release");
            }
            printOne(a, TABLE);
            return 0;
        }
    }
}
