package io.hallmark.cli;

import io.hallmark.protocol.v1.ProductCreate;
import io.hallmark.protocol.v1.ProductView;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hallmark product create|list|show}: manufacturers' device models. */
@Command(
        name = "product",
        mixinStandardHelpOptions = true,
        description = "Products: a manufacturer's device models, named in its devices' birth certificates.",
        subcommands = {
            ProductCommand.Create.class,
            ProductCommand.ListAll.class,
            ProductCommand.Show.class,
            ProductCommand.Limits.class
        })
final class ProductCommand extends GroupCommand {
    static final String PATH = "/api/v1/products";

    static final Table TABLE = Table.of(ProductView.class)
            .column("ID", "id")
            .column("MODEL", "model")
            .column("NAME", "name")
            .column("SUPPORT UNTIL", "supportUntil")
            .column("HW TYPE", "hardwareType");

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a product.")
    static final class Create extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The manufacturer (default: your organization).")
        String org;

        @Option(names = "--model", required = true, paramLabel = "ID", description = "Model identifier, unique.")
        String model;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "A name for people.")
        String name;

        @Option(
                names = "--support-until",
                paramLabel = "DATE",
                description = "Last day of security support (YYYY-MM-DD).")
        String supportUntil;

        @Override
        int execute() {
            LocalDate until = null;
            if (supportUntil != null) {
                try {
                    until = LocalDate.parse(supportUntil.strip());
                } catch (DateTimeParseException e) {
                    throw usage("--support-until: " + supportUntil + " (expected: YYYY-MM-DD)");
                }
            }
            ApiClient.Answer a = client().post(PATH, new ProductCreate(org, model, name, until));
            if (!json) {
                out().println("created product");
            }
            printOne(a, TABLE);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List products.")
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

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one product.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID|MODEL", description = "The product's id or model.")
        String ref;

        @Override
        int execute() {
            printOne(client().get(PATH + "/" + ApiClient.segment(ref)), TABLE);
            return 0;
        }
    }

    @Command(
            name = "limits",
            mixinStandardHelpOptions = true,
            description = "Show or set a product's behaviour limits (docs/behaviour/detection.md).")
    static final class Limits extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID|MODEL", description = "The product's id or model.")
        String ref;

        @Option(names = "--org", paramLabel = "ORG", description = "The manufacturer (default: your organization).")
        String org;

        @Option(
                names = "--set",
                paramLabel = "METRIC=MAX",
                description = "A limit, e.g. bytes_out_per_s=100000 (repeat; replaces all limits).")
        java.util.Map<String, Double> set;

        @Option(names = "--clear", description = "Remove every limit.")
        boolean clear;

        @Override
        int execute() {
            String path = PATH + "/" + ApiClient.segment(ref) + "/behaviour-limits"
                    + (org == null ? "" : "?org=" + ApiClient.segment(org));
            ApiClient.Answer a;
            if (clear || set != null) {
                a = client().put(
                                path,
                                new io.hallmark.protocol.v1.BehaviourLimits(null, clear ? java.util.Map.of() : set));
            } else {
                a = client().get(path);
            }
            if (json) {
                out().println(a.body());
                return 0;
            }
            com.fasterxml.jackson.databind.JsonNode limits = Json.read(a.body()).get("limits");
            if (limits.isEmpty()) {
                out().println("no limits");
            }
            limits.fields().forEachRemaining(e -> out().printf(
                            "%-20s %s%n", e.getKey(), e.getValue().asText()));
            return 0;
        }
    }
}
