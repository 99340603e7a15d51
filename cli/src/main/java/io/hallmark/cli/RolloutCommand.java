package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.protocol.v1.RolloutAction;
import io.hallmark.protocol.v1.RolloutCreate;
import io.hallmark.protocol.v1.RolloutView;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hallmark rollout create|list|show|pause|resume|cancel|watch}: an owner's update rollouts, a release delivered
 * to its devices in waves.
 */
@Command(
        name = "rollout",
        mixinStandardHelpOptions = true,
        description = "Update rollouts: a release to your devices in waves; create, list, show, pause, resume, cancel,"
                + " watch.",
        subcommands = {
            RolloutCommand.Create.class,
            RolloutCommand.ListAll.class,
            RolloutCommand.Show.class,
            RolloutCommand.Pause.class,
            RolloutCommand.Resume.class,
            RolloutCommand.Cancel.class,
            RolloutCommand.Watch.class
        })
final class RolloutCommand extends GroupCommand {
    static final String PATH = "/api/v1/rollouts";

    static final Table TABLE = Table.of(RolloutView.class)
            .column("ID", "id")
            .column("RELEASE", "release")
            .column("STATE", "state")
            .column("WAVE", "wave")
            .column("TOTAL", "total")
            .column("RELEASED", "released")
            .column("INSTALLED", "installed")
            .column("FAILED", "failed")
            .column("SECURITY", "security")
            .column("REASON", "stateReason");

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Roll a release out to your active devices of its product in waves.")
    static final class Create extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The owner (default: your organization).")
        String org;

        @Option(names = "--release", required = true, paramLabel = "ID", description = "The release (rel_...).")
        String release;

        @Option(
                names = "--waves",
                required = true,
                split = ",",
                paramLabel = "W",
                description = "Cumulative waves: percentages (1%,10%,50%,100%) or device counts (10,100).")
        List<String> waves;

        @Option(names = "--success", paramLabel = "PCT", description = "Installed share that advances a wave (95).")
        Integer success;

        @Option(names = "--failure", paramLabel = "PCT", description = "Failed share that pauses the rollout (5).")
        Integer failure;

        @Option(names = "--rate", paramLabel = "N", description = "First deliveries a minute (0: unlimited).")
        Integer rate;

        @Option(names = "--window", paramLabel = "HH:MM-HH:MM", description = "Daily maintenance window, UTC.")
        String window;

        @Option(names = "--security", description = "A security update: mandatory, also outside the window.")
        boolean security;

        @Option(
                names = "--tag",
                paramLabel = "NAME=VALUE",
                description = "Only devices carrying this tag (repeatable: every one).")
        java.util.Map<String, String> tags;

        @Option(names = "--from-version", paramLabel = "V", description = "Only devices that reported firmware V.")
        String version;

        @Option(names = "--older-than", paramLabel = "V", description = "Only devices whose firmware is older than V.")
        String olderThan;

        @Override
        int execute() {
            ApiClient.Answer a = client().post(
                            PATH,
                            new RolloutCreate(
                                    org, release, waves, success, failure, rate, window, security, tags, version,
                                    olderThan));
            if (!json) {
                out().println("created rollout");
            }
            printOne(a, TABLE);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an owner's rollouts.")
    static final class ListAll extends ApiCommand {
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

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one rollout and its device states.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The rollout's id.")
        String id;

        @Override
        int execute() {
            ApiClient.Answer a = client().get(PATH + "/" + ApiClient.segment(id));
            printOne(a, TABLE);
            if (!json) {
                out().println("devices: " + Json.read(a.body()).path("devices"));
            }
            return 0;
        }
    }

    /** pause, resume and cancel: one POST with an optional reason. */
    abstract static class Change extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The rollout's id.")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded in the audit log).")
        String reason;

        abstract String verb();

        @Override
        int execute() {
            ApiClient.Answer a =
                    client().post(PATH + "/" + ApiClient.segment(id) + "/" + verb(), new RolloutAction(reason));
            if (!json) {
                out().println(verb().equals("cancel") ? "cancelled rollout" : verb() + "d rollout");
            }
            printOne(a, TABLE);
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a running rollout.")
    static final class Pause extends Change {
        @Override
        String verb() {
            return "pause";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused rollout.")
    static final class Resume extends Change {
        @Override
        String verb() {
            return "resume";
        }
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Cancel a rollout: unfinished devices are told not to install.")
    static final class Cancel extends Change {
        @Override
        String verb() {
            return "cancel";
        }
    }

    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = "Follow a rollout's progress on one live line until it completes or is cancelled.")
    static final class Watch extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The rollout's id.")
        String id;

        @Option(names = "--interval", paramLabel = "SECONDS", description = "Between polls (default: 2).")
        int interval = 2;

        @Option(names = "--polls", paramLabel = "N", description = "Stop after N polls (default: no limit).")
        int polls = Integer.MAX_VALUE;

        @Override
        int execute() {
            if (interval < 1 || polls < 1) {
                throw CliException.badInput("--interval and --polls: at least 1");
            }
            for (int i = 0; i < polls; i++) {
                JsonNode r = Json.read(
                        client().get(PATH + "/" + ApiClient.segment(id)).body());
                out().print("\r" + line(r));
                out().flush();
                String state = r.path("state").asText();
                if (state.equals("completed") || state.equals("cancelled") || i == polls - 1) {
                    break;
                }
                try {
                    Thread.sleep(interval * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            out().println();
            return 0;
        }

        /** {@code [#######.....]  55% wave 2/4 running  installed 55/100, failed 1}. */
        static String line(JsonNode r) {
            long total = Math.max(1, r.path("total").asLong());
            long installed = r.path("installed").asLong();
            int width = 30;
            int done = (int) (installed * width / total);
            return "[" + "#".repeat(done) + ".".repeat(width - done) + "] "
                    + String.format(java.util.Locale.ROOT, "%3d%%", installed * 100 / total)
                    + " wave " + r.path("wave").asInt() + "/" + r.path("waves").size()
                    + " " + r.path("state").asText()
                    + "  installed " + installed + "/" + r.path("total").asLong()
                    + ", failed " + r.path("failed").asLong()
                    + (r.path("stateReason").isTextual()
                            ? " (" + r.path("stateReason").asText() + ")"
                            : "");
        }
    }
}
