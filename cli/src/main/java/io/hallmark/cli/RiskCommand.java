package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.protocol.v1.RiskDeviceView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hallmark risk list}: devices by risk score, worst first (docs/risk-score.md). */
@Command(
        name = "risk",
        mixinStandardHelpOptions = true,
        description = "Device risk scores: what to fix first.",
        subcommands = {RiskCommand.ListDevices.class})
final class RiskCommand extends GroupCommand {
    static final String PATH = "/api/v1/risk/devices";

    static final Table LIST = Table.of(RiskDeviceView.class)
            .column("SCORE", "score")
            .column("DEVICE", "device")
            .column("SERIAL", "serial")
            .column("FIRMWARE", "firmware")
            .column("FACTORS", "factors");

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List devices by risk score, worst first, with what contributed.")
    static final class ListDevices extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The organization (default: yours).")
        String org;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            if (json || paging.all) {
                printList(PATH, params("org", org), paging, LIST);
                return 0;
            }
            if (paging.limit != null && paging.limit < 1) {
                throw CliException.badInput("--limit: " + paging.limit + " (expected: at least 1)");
            }
            Map<String, Object> q = new LinkedHashMap<>(params("org", org));
            q.put("cursor", paging.cursor);
            q.put("limit", paging.limit);
            JsonNode page = Json.read(client().get(ApiClient.query(PATH, q)).body());
            var out = out();
            out.printf("%5s  %-24s %-20s %-12s %s%n", "SCORE", "DEVICE", "SERIAL", "FIRMWARE", "FACTORS");
            for (JsonNode d : page.path("items")) {
                List<String> factors = new ArrayList<>();
                for (JsonNode f : d.path("factors")) {
                    if (f.path("points").asInt() > 0) {
                        factors.add(Table.clean(f.path("factor").asText()) + " +"
                                + f.path("points").asInt() + " ("
                                + Table.clean(f.path("detail").asText()) + ")");
                    }
                }
                out.printf(
                        "%5d  %-24s %-20s %-12s %s%n",
                        d.path("score").asInt(),
                        Table.clean(d.path("device").asText()),
                        Table.clean(d.path("serial").asText()),
                        d.path("firmware").isTextual()
                                ? Table.clean(d.path("firmware").asText())
                                : "-",
                        factors.isEmpty() ? "-" : String.join("; ", factors));
            }
            if (page.path("nextCursor").isTextual()) {
                out.println(
                        "more: --cursor " + Table.clean(page.path("nextCursor").asText()));
            }
            return 0;
        }
    }
}
