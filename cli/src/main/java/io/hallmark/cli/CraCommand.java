package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.protocol.v1.CraCaseCreate;
import io.hallmark.protocol.v1.CraCaseView;
import io.hallmark.protocol.v1.CraCloseRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hallmark cra open|list|show|report|submit|export|fix|close}: Cyber Resilience Act reporting cases
 * (docs/cra.md).
 */
@Command(
        name = "cra",
        mixinStandardHelpOptions = true,
        description = "Cyber Resilience Act reporting: cases with their 24 h / 72 h / final deadlines, drafted reports,"
                + " JSON and PDF exports, submissions.",
        subcommands = {
            CraCommand.Open.class,
            CraCommand.ListCases.class,
            CraCommand.Show.class,
            CraCommand.Report.class,
            CraCommand.Submit.class,
            CraCommand.Export.class,
            CraCommand.Fix.class,
            CraCommand.Close.class
        })
final class CraCommand extends GroupCommand {
    static final String PATH = "/api/v1/cra/cases";

    static final Table LIST = Table.of(CraCaseView.class)
            .column("ID", "id")
            .column("KIND", "kind")
            .column("SUBJECT", "subject")
            .column("STATE", "state")
            .column("AWARE AT", "awareAt")
            .column("SUMMARY", "summary");

    /** Parses an RFC 3339 time ({@code 2026-11-26T10:00:00Z} or with an offset). */
    static Instant time(String option, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw CliException.badInput(
                    option + ": " + Table.clean(value) + " (expected: a time like 2026-11-26T10:00:00Z)");
        }
    }

    static String stagePath(String id, String stage) {
        return PATH + "/" + ApiClient.segment(id) + "/reports/" + ApiClient.segment(stage);
    }

    /** {@code 23h 59m left} or {@code overdue by 1h 2m}. */
    static String left(long seconds) {
        long s = Math.abs(seconds);
        Duration d = Duration.ofSeconds(s);
        String t = (d.toDays() > 0 ? d.toDays() + "d " : "") + d.toHoursPart() + "h " + d.toMinutesPart() + "m";
        return seconds >= 0 ? t + " left" : "overdue by " + t;
    }

    static final class Subject {
        @Option(names = "--advisory", paramLabel = "ID", description = "An advisory id or alias (vulnerability).")
        String advisory;

        @Option(names = "--incident", paramLabel = "ID", description = "A behaviour incident id (incident).")
        String incident;
    }

    @Command(
            name = "open",
            mixinStandardHelpOptions = true,
            description = "Open a case from the time of awareness, for an advisory the exposure shows or a behaviour"
                    + " incident.")
    static final class Open extends ApiCommand {
        @Option(names = "--kind", required = true, paramLabel = "KIND", description = "vulnerability or incident.")
        String kind;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Subject subject;

        @Option(
                names = "--aware-at",
                required = true,
                paramLabel = "TIME",
                description = "When you became aware, e.g. 2026-11-26T10:00:00Z.")
        String awareAt;

        @Option(names = "--summary", required = true, paramLabel = "TEXT", description = "What happened.")
        String summary;

        @Option(
                names = "--fix-available-at",
                paramLabel = "TIME",
                description =
                        "When a corrective measure became available (default: the fixed release's" + " publication).")
        String fixAvailableAt;

        @Option(names = "--org", paramLabel = "ORG", description = "The organization (default: yours).")
        String org;

        @Override
        int execute() {
            CraCaseCreate body = new CraCaseCreate(
                    org,
                    kind,
                    subject.advisory,
                    subject.incident,
                    time("--aware-at", awareAt),
                    summary,
                    fixAvailableAt == null ? null : time("--fix-available-at", fixAvailableAt));
            ApiClient.Answer a = client().post(PATH, body);
            if (json) {
                printRaw(a.body());
            } else {
                printCase(this, Json.read(a.body()));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List cases, newest first.")
    static final class ListCases extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The organization (default: yours).")
        String org;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(PATH, params("org", org), paging, LIST);
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show a case: its deadlines with the time left or overdue, submissions, reminders.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The case id.")
        String id;

        @Override
        int execute() {
            ApiClient.Answer a = client().get(PATH + "/" + ApiClient.segment(id));
            if (json) {
                printRaw(a.body());
            } else {
                printCase(this, Json.read(a.body()));
            }
            return 0;
        }
    }

    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            description = "Draft a stage's report from what the platform knows (or show it as submitted).")
    static final class Report extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The case id.")
        String id;

        @Option(
                names = "--stage",
                required = true,
                paramLabel = "STAGE",
                description = "early-warning, notification or final.")
        String stage;

        @Override
        int execute() {
            ApiClient.Answer a = client().get(stagePath(id, stage));
            if (json) {
                printRaw(a.body());
                return 0;
            }
            JsonNode r = Json.read(a.body());
            var out = out();
            out.println("CRA " + text(r, "stage") + " report (" + text(r, "status") + "), case " + text(r, "caseId"));
            out.println("due: " + text(r, "due") + " (" + text(r, "basis") + ")");
            out.println("requirements: " + text(r, "requirements"));
            out.println("summary: " + text(r, "summary"));
            JsonNode v = r.path("vulnerability");
            if (v.isObject()) {
                out.println("advisory: " + text(v, "advisory") + " " + v.path("aliases") + "; exploited: "
                        + v.path("exploited").asBoolean() + "; severity: " + text(v, "severity")
                        + (v.path("baseScore").isNumber()
                                ? " (CVSS " + v.path("baseScore").asDouble() + ")"
                                : ""));
                v.path("cvss").forEach(c -> out.println("cvss: " + Table.clean(c.asText())));
            }
            JsonNode i = r.path("incident");
            if (i.isObject()) {
                out.println("incident: " + text(i, "id") + " (" + text(i, "kind") + " " + text(i, "subject") + "), "
                        + text(i, "severity") + ", " + i.path("alerts").asLong() + " alerts on "
                        + i.path("devices").asLong() + " devices");
            }
            for (JsonNode p : r.path("products")) {
                out.println("affected: " + text(p, "product") + " " + text(p, "version") + ": "
                        + p.path("devices").asLong() + " devices");
            }
            out.println("devices: " + r.path("devices").asLong() + "; countries: " + text(r, "countries"));
            r.path("mitigations").forEach(m -> out.println("mitigation: " + Table.clean(m.asText())));
            for (JsonNode o : r.path("rollouts")) {
                out.println("rollout: " + text(o, "id") + " " + text(o, "state") + ", "
                        + o.path("installed").asLong() + "/" + o.path("total").asLong() + " installed");
            }
            r.path("notes").forEach(n -> out.println("note: " + Table.clean(n.asText())));
            return 0;
        }
    }

    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description =
                    "Record that a stage's report was submitted now (as drafted now); it cannot change afterwards.")
    static final class Submit extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The case id.")
        String id;

        @Option(
                names = "--stage",
                required = true,
                paramLabel = "STAGE",
                description = "early-warning, notification or final.")
        String stage;

        @Override
        int execute() {
            ApiClient.Answer a = client().post(stagePath(id, stage) + "/submit", null);
            if (json) {
                printRaw(a.body());
            } else {
                printCase(this, Json.read(a.body()));
            }
            return 0;
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Write a stage's report to a file as JSON (schema hallmark-cra-report/1) or PDF.")
    static final class Export extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The case id.")
        String id;

        @Option(
                names = "--stage",
                required = true,
                paramLabel = "STAGE",
                description = "early-warning, notification or final.")
        String stage;

        @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "json or pdf.")
        String format;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write.")
        Path file;

        @Override
        int execute() {
            byte[] bytes;
            switch (format) {
                case "json" -> bytes = client().get(stagePath(id, stage)).body().getBytes(StandardCharsets.UTF_8);
                case "pdf" -> bytes = client().download(stagePath(id, stage) + "/pdf", in -> in.readAllBytes());
                default -> throw CliException.badInput("--format: " + Table.clean(format) + " (expected: json or pdf)");
            }
            try {
                Files.write(file, bytes);
            } catch (IOException e) {
                throw CliException.failed("--out: " + file + " cannot be written (" + e.getMessage() + ")", e);
            }
            out().println("wrote " + file + " (" + bytes.length + " bytes)");
            return 0;
        }
    }

    @Command(
            name = "fix",
            mixinStandardHelpOptions = true,
            description = "Record when a corrective measure became available (vulnerability cases): the final report is"
                    + " due 14 days later.")
    static final class Fix extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The case id.")
        String id;

        @Option(names = "--at", required = true, paramLabel = "TIME", description = "e.g. 2026-12-01T08:00:00Z.")
        String at;

        @Override
        int execute() {
            ApiClient.Answer a = client().post(
                            PATH + "/" + ApiClient.segment(id) + "/fix",
                            new io.hallmark.protocol.v1.CraFixRequest(time("--at", at)));
            if (json) {
                printRaw(a.body());
            } else {
                printCase(this, Json.read(a.body()));
            }
            return 0;
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Close a case with a note.")
    static final class Close extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The case id.")
        String id;

        @Option(names = "--note", required = true, paramLabel = "TEXT", description = "Why it is closed.")
        String note;

        @Override
        int execute() {
            ApiClient.Answer a =
                    client().post(PATH + "/" + ApiClient.segment(id) + "/close", new CraCloseRequest(note));
            if (json) {
                printRaw(a.body());
            } else {
                printCase(this, Json.read(a.body()));
            }
            return 0;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNull() || v.isMissingNode() ? "-" : Table.clean(v.asText());
    }

    /** Prints a case with its deadlines. */
    static void printCase(ApiCommand cmd, JsonNode c) {
        var out = cmd.out();
        out.println(text(c, "id") + "  " + text(c, "kind") + " " + text(c, "subject") + "  " + text(c, "state"));
        out.println("summary: " + text(c, "summary"));
        out.println("aware at: " + text(c, "awareAt") + "; fix available at: " + text(c, "fixAvailableAt"));
        out.printf("%-14s %-22s %-12s %-26s %s%n", "STAGE", "DUE", "STATUS", "TIME", "BASIS");
        for (JsonNode d : c.path("deadlines")) {
            String time = d.path("secondsLeft").isNumber()
                    ? left(d.path("secondsLeft").asLong())
                    : d.path("submittedAt").isTextual() ? "submitted " + text(d, "submittedAt") : "-";
            out.printf(
                    "%-14s %-22s %-12s %-26s %s%n",
                    text(d, "stage"), text(d, "due"), text(d, "status"), time, text(d, "basis"));
        }
        for (JsonNode r : c.path("reminders")) {
            out.println("reminder: " + text(r, "event") + " " + text(r, "stage") + " at "
                    + r.path("threshold").asInt() + "% (" + text(r, "at") + ")");
        }
        if (c.path("closedAt").isTextual()) {
            out.println("closed at " + text(c, "closedAt") + ": " + text(c, "closeNote"));
        }
    }
}
