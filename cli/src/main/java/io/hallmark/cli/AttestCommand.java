package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.protocol.v1.AttestationPolicyView;
import io.hallmark.protocol.v1.DeviceProductionView;
import io.hallmark.protocol.v1.ReferenceValuesView;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hallmark attest ...}: devices' attestation results, owners' attestation policy, products' reference values. */
@Command(
        name = "attest",
        mixinStandardHelpOptions = true,
        description = "Remote attestation: results and their findings, policy, reference values, the result key.",
        subcommands = {
            AttestCommand.Show.class,
            AttestCommand.Policy.class,
            AttestCommand.Reference.class,
            AttestCommand.Production.class,
            AttestCommand.Key.class
        })
final class AttestCommand extends GroupCommand {

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "A device's live integrity and its attestation history with the findings.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "SN|ID", description = "The device's serial or id.")
        String ref;

        @Option(names = "--limit", paramLabel = "N", description = "How many results of the history (default 20).")
        Integer limit;

        @Override
        int execute() {
            String base = DeviceCommand.PATH + "/" + ApiClient.segment(ref) + "/attestation";
            ApiClient.Answer latest = client().get(base);
            ApiClient.Answer history = client().get(ApiClient.query(base + "/history", params("limit", limit)));
            if (json) {
                printRaw("{\"latest\":" + latest.body().strip() + ",\"history\":"
                        + history.body().strip() + "}");
                return 0;
            }
            JsonNode l = Json.read(latest.body());
            out().println("device " + l.get("serial").asText() + " ("
                    + l.get("device").asText() + ")");
            out().println("integrity: " + l.get("integrity").asText());
            for (JsonNode r : Json.read(history.body()).get("items")) {
                out().println(r.get("appraisedAt").asText() + "  "
                        + r.get("status").asText() + "  vector " + vector(r.get("vector")));
                for (JsonNode f : r.get("findings")) {
                    out().println("    " + f.get("id").asText() + " ["
                            + f.get("severity").asText() + "]  expected "
                            + Table.clean(f.get("expected").asText()) + ", actual "
                            + Table.clean(f.get("actual").asText()));
                }
            }
            return 0;
        }

        private static String vector(JsonNode v) {
            List<String> parts = new ArrayList<>();
            v.properties().forEach(e -> {
                if (e.getValue().asInt() != 0) {
                    parts.add(e.getKey() + "=" + e.getValue().asInt());
                }
            });
            return String.join(" ", parts);
        }
    }

    @Command(
            name = "production",
            mixinStandardHelpOptions = true,
            description = "Show or set whether a device (or with --product a whole product) is in production (debug"
                    + " must be disabled) or development.")
    static final class Production extends ApiCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "SN|ID", description = "The device's serial or id.")
        String ref;

        @Option(
                names = "--product",
                paramLabel = "MODEL|ID",
                description = "A product instead of a device (its manufacturer sets it).")
        String product;

        @Option(
                names = "--set",
                paramLabel = "production|development",
                description = "Mark it: production (the default of everything) or development.")
        String set;

        @Override
        int execute() {
            if ((ref == null) == (product == null)) {
                throw usage("name a device (SN|ID) or --product, not both");
            }
            String path = ref != null
                    ? DeviceCommand.PATH + "/" + ApiClient.segment(ref) + "/attestation/production"
                    : "/api/v1/products/" + ApiClient.segment(product) + "/attestation/production";
            ApiClient.Answer a;
            if (set == null) {
                a = client().get(path);
            } else if (set.equals("production") || set.equals("development")) {
                a = client().put(path, new DeviceProductionView(null, null, set.equals("production")));
            } else {
                throw usage("--set: " + Table.clean(set) + " (expected: production or development)");
            }
            if (json) {
                printRaw(a.body());
            } else {
                JsonNode p = Json.read(a.body());
                out().println(p.get("serial").asText() + ": "
                        + (p.get("production").asBoolean() ? "production" : "development"));
            }
            return 0;
        }
    }

    @Command(
            name = "policy",
            mixinStandardHelpOptions = true,
            description = "Show or set an owner's attestation policy (interval, quarantine on contraindicated).")
    static final class Policy extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The owner (default: your organization).")
        String org;

        @Option(
                names = "--interval",
                paramLabel = "DURATION",
                description = "How long a result counts, e.g. 1h, 30m, PT2H (1 minute to 30 days).")
        String interval;

        @Option(
                names = "--quarantine",
                paramLabel = "true|false",
                arity = "1",
                description = "Quarantine a device at once when its result is contraindicated.")
        Boolean quarantine;

        @Override
        int execute() {
            String o = org != null
                    ? org
                    : Json.read(client().get("/api/v1/me").body()).get("org").asText();
            String path = "/api/v1/organizations/" + ApiClient.segment(o) + "/attestation-policy";
            ApiClient.Answer a = interval == null && quarantine == null
                    ? client().get(path)
                    : client().put(
                                    path,
                                    new AttestationPolicyView(
                                            interval == null
                                                    ? null
                                                    : duration(interval).toSeconds(),
                                            quarantine));
            if (json) {
                printRaw(a.body());
            } else {
                JsonNode p = Json.read(a.body());
                out().println("interval: "
                        + Duration.ofSeconds(p.get("intervalSeconds").asLong()));
                out().println("quarantine on contraindicated: "
                        + p.get("quarantineOnContraindicated").asBoolean());
            }
            return 0;
        }

        private Duration duration(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            try {
                if (t.startsWith("p")) {
                    return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
                }
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw usage("--interval: " + text + " (expected: e.g. 30m, 1h, 7d or PT1H)");
                };
            } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
                throw usage("--interval: " + text + " (expected: e.g. 30m, 1h, 7d or PT1H)");
            }
        }
    }

    @Command(
            name = "reference",
            mixinStandardHelpOptions = true,
            description = "Set a product's reference values: the digests each measured component may have.")
    static final class Reference extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PRODUCT", description = "The product's id or model.")
        String product;

        @Option(
                names = "--component",
                required = true,
                paramLabel = "NAME=ALG:HEX",
                description = "A component and one digest taken, e.g. kernel=sha-256:ab12...; repeat as needed.")
        List<String> components;

        @Override
        int execute() {
            Map<String, List<String>> values = new TreeMap<>();
            for (String c : components) {
                int eq = c.indexOf('=');
                if (eq <= 0) {
                    throw usage("--component: " + c + " (expected: NAME=sha-256:HEX)");
                }
                values.computeIfAbsent(c.substring(0, eq), k -> new ArrayList<>())
                        .add(c.substring(eq + 1));
            }
            ApiClient.Answer a = client().put(
                            "/api/v1/products/" + ApiClient.segment(product) + "/reference-values",
                            new ReferenceValuesView(values));
            if (json) {
                printRaw(a.body());
            } else {
                Json.read(a.body()).get("components").properties().forEach(e -> e.getValue()
                        .forEach(d -> out().println(e.getKey() + "  " + d.asText())));
            }
            return 0;
        }
    }

    @Command(
            name = "key",
            mixinStandardHelpOptions = true,
            description = "The platform attestation key (JWK) that signs results, for relying parties.")
    static final class Key extends ApiCommand {
        @Override
        int execute() {
            printRaw(client().get("/api/v1/attestation/key").body());
            return 0;
        }
    }
}
