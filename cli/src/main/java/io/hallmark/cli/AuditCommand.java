package io.hallmark.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hallmark.protocol.v1.AuditCheckpointView;
import io.hallmark.protocol.v1.AuditEntryView;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hallmark audit list|export|public-key|checkpoint|checkpoints|verify}: the tamper-evident audit log. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "The audit log: a hash chain with signed checkpoints.",
        subcommands = {
            AuditCommand.ListEntries.class,
            AuditCommand.Export.class,
            AuditCommand.PublicKey.class,
            AuditCommand.Checkpoint.class,
            AuditCommand.Checkpoints.class,
            AuditVerifyCommand.class
        })
final class AuditCommand extends GroupCommand {
    static final String PATH = "/api/v1/audit";

    static final Table ENTRIES = Table.of(AuditEntryView.class)
            .column("SEQ", "seq")
            .column("TIME", "time")
            .column("SEVERITY", "severity")
            .column("OUTCOME", "outcome")
            .column("ACTOR", "actor")
            .column("ORG", "org")
            .column("ACTION", "action")
            .column("TARGET", "target")
            .column("BREAK-GLASS", "breakGlass")
            .column("REASON", "reason");

    static final Table CHECKPOINTS = Table.of(AuditCheckpointView.class)
            .column("SEQ", "seq")
            .column("TIME", "time")
            .column("HEAD", "head");

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List audit entries.")
    static final class ListEntries extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "Only entries of this organization.")
        String org;

        @Option(names = "--actor", paramLabel = "ACTOR", description = "Only entries by this actor (a user id).")
        String actor;

        @Option(names = "--action", paramLabel = "ACTION", description = "Only this action, e.g. org.create.")
        String action;

        @Option(names = "--outcome", paramLabel = "OUTCOME", description = "success, denied or failure.")
        String outcome;

        @Option(names = "--severity", paramLabel = "SEVERITY", description = "info, warning or high.")
        String severity;

        @Option(
                names = "--since",
                paramLabel = "TIME",
                description = "Only entries at or after TIME (ISO-8601, e.g. 2025-01-31T12:00:00Z or 2025-01-31).")
        String since;

        @Option(names = "--until", paramLabel = "TIME", description = "Only entries before TIME (ISO-8601).")
        String until;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(
                    PATH + "/entries",
                    params(
                            "org", org,
                            "actor", actor,
                            "action", action,
                            "outcome", outcome,
                            "severity", severity,
                            "since", time("--since", since),
                            "until", time("--until", until)),
                    paging,
                    ENTRIES);
            return 0;
        }

        private String time(String option, String text) {
            if (text == null) {
                return null;
            }
            try {
                return parseTime(text).toString();
            } catch (DateTimeParseException e) {
                throw usage(option + ": " + text + " (expected: ISO-8601, e.g. 2025-01-31T12:00:00Z or 2025-01-31)");
            }
        }
    }

    /** An ISO-8601 instant, date-time with offset, or date (midnight UTC). */
    static Instant parseTime(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Export the audit log as JSON Lines, for offline verification with audit verify --file.")
    static final class Export extends ApiCommand {
        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (default: standard output).")
        Path file;

        /** What was written. */
        private record Written(long bytes, long lines) {}

        @Override
        int execute() {
            if (file == null) {
                return client().download(PATH + "/export", body -> {
                    new InputStreamReader(body, StandardCharsets.UTF_8).transferTo(out());
                    return 0;
                });
            }
            Path dir = file.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw CliException.badInput("--out: the directory of " + file + " does not exist");
            }
            // written beside the target and moved in place, so a broken download leaves no half file under its name
            Path partial = dir.resolve(file.getFileName() + ".partial");
            Written w;
            try {
                w = client().download(PATH + "/export", body -> {
                    try (OutputStream o = Files.newOutputStream(partial)) {
                        return copy(body, o);
                    }
                });
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw CliException.failed("cannot write " + file + ": " + e.getMessage(), e);
            } finally {
                deleteQuietly(partial);
            }
            if (json) {
                printRaw(Json.object()
                        .put("file", file.toString())
                        .put("bytes", w.bytes())
                        .put("lines", w.lines())
                        .toString());
            } else {
                out().println("wrote " + w.lines() + " lines (" + w.bytes() + " bytes) to " + file);
            }
            return 0;
        }

        private static Written copy(InputStream in, OutputStream o) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            long bytes = 0;
            long lines = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                o.write(buffer, 0, n);
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
            return new Written(bytes, lines);
        }

        private static void deleteQuietly(Path p) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover .partial file is harmless and named as such
            }
        }
    }

    @Command(
            name = "public-key",
            mixinStandardHelpOptions = true,
            description = "Print the audit checkpoint public key (PEM); needs no token.")
    static final class PublicKey extends ApiCommand {
        @Option(names = "--out", paramLabel = "FILE", description = "Write the PEM to FILE instead.")
        Path file;

        @Override
        int execute() {
            String pem = publicClient().get(PATH + "/public-key").body();
            if (!pem.contains("-----BEGIN PUBLIC KEY-----")) {
                throw CliException.failed("the server's answer is not a PEM public key");
            }
            if (file != null) {
                try {
                    Files.writeString(file, pem, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw CliException.failed("cannot write " + file + ": " + e.getMessage(), e);
                }
            }
            if (json) {
                ObjectNode node = Json.object().put("pem", pem);
                if (file != null) {
                    node.put("file", file.toString());
                }
                printRaw(node.toString());
            } else if (file != null) {
                out().println("wrote the audit public key to " + file);
            } else {
                printRaw(pem);
            }
            return 0;
        }
    }

    @Command(
            name = "checkpoint",
            mixinStandardHelpOptions = true,
            description = "Sign a checkpoint now, if there are entries since the last one.")
    static final class Checkpoint extends ApiCommand {
        @Override
        int execute() {
            ApiClient.Answer a = client().post(PATH + "/checkpoints", null);
            if (!a.hasBody()) {
                if (!json) {
                    out().println("no new entries since the last checkpoint");
                }
                return 0;
            }
            if (json) {
                printRaw(a.body());
            } else {
                out().println("checkpoint signed");
                CHECKPOINTS.printDetails(out(), Json.read(a.body()));
            }
            return 0;
        }
    }

    @Command(name = "checkpoints", mixinStandardHelpOptions = true, description = "List signed checkpoints.")
    static final class Checkpoints extends ApiCommand {
        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(PATH + "/checkpoints", params(), paging, CHECKPOINTS);
            return 0;
        }
    }
}
