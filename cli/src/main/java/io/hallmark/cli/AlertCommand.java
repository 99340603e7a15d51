package io.hallmark.cli;

import io.hallmark.protocol.v1.AlertTriage;
import io.hallmark.protocol.v1.AlertView;
import io.hallmark.protocol.v1.IncidentView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hallmark alert list|show|ack|resolve} and {@code hallmark incident list|show|resolve}: what behaviour
 * monitoring found, and its triage (docs/behaviour/detection.md).
 */
@Command(
        name = "alert",
        mixinStandardHelpOptions = true,
        description = "Behaviour alerts: list, show, acknowledge, resolve.",
        subcommands = {
            AlertCommand.ListAll.class,
            AlertCommand.Show.class,
            AlertCommand.Acknowledge.class,
            AlertCommand.Resolve.class
        })
final class AlertCommand extends GroupCommand {
    static final String PATH = "/api/v1/alerts";

    static final Table TABLE = Table.of(AlertView.class)
            .column("ID", "id")
            .column("DEVICE", "serial")
            .column("SEVERITY", "severity")
            .column("FINDING", "finding")
            .column("SUBJECT", "subject")
            .column("ACTUAL", "actual")
            .column("EXPECTED", "expected")
            .column("STATE", "state")
            .column("COUNT", "count")
            .column("LAST SEEN", "lastSeen")
            .column("INCIDENT", "incident");

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List alerts, newest first.")
    static final class ListAll extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The owner (default: your organization).")
        String org;

        @Option(names = "--state", paramLabel = "STATE", description = "open, acknowledged or resolved.")
        String state;

        @Option(names = "--device", paramLabel = "ID|SERIAL", description = "One device's alerts.")
        String device;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(PATH, params("org", org, "state", state, "device", device), paging, TABLE);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one alert with its evidence.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The alert's id.")
        String id;

        @Override
        int execute() {
            printOne(client().get(PATH + "/" + ApiClient.segment(id)), TABLE);
            return 0;
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge an alert: someone is on it.")
    static final class Acknowledge extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The alert's id.")
        String id;

        @Option(names = "--note", required = true, paramLabel = "TEXT", description = "Why, or what is being done.")
        String note;

        @Override
        int execute() {
            printOne(client().post(PATH + "/" + ApiClient.segment(id) + "/acknowledge", new AlertTriage(note)), TABLE);
            return 0;
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true, description = "Resolve an alert.")
    static final class Resolve extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The alert's id.")
        String id;

        @Option(names = "--note", required = true, paramLabel = "TEXT", description = "Why it is over.")
        String note;

        @Override
        int execute() {
            printOne(client().post(PATH + "/" + ApiClient.segment(id) + "/resolve", new AlertTriage(note)), TABLE);
            return 0;
        }
    }

    /** {@code hallmark incident list|show|resolve}. */
    @Command(
            name = "incident",
            mixinStandardHelpOptions = true,
            description = "Behaviour incidents (one device's alerts, or a fleet toward one destination).",
            subcommands = {
                AlertCommand.Incidents.ListAll.class,
                AlertCommand.Incidents.Show.class,
                AlertCommand.Incidents.Resolve.class
            })
    static final class Incidents extends GroupCommand {
        static final String PATH = "/api/v1/incidents";

        static final Table TABLE = Table.of(IncidentView.class)
                .column("ID", "id")
                .column("KIND", "kind")
                .column("SUBJECT", "subject")
                .column("SEVERITY", "severity")
                .column("STATE", "state")
                .column("ALERTS", "alerts")
                .column("DEVICES", "devices")
                .column("OPENED", "opened")
                .column("UPDATED", "updated");

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List incidents, newest first.")
        static final class ListAll extends ApiCommand {
            @Option(names = "--org", paramLabel = "ORG", description = "The owner (default: your organization).")
            String org;

            @Option(names = "--state", paramLabel = "STATE", description = "open or resolved.")
            String state;

            @Mixin
            PageOptions paging;

            @Override
            int execute() {
                printList(PATH, params("org", org, "state", state), paging, TABLE);
                return 0;
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one incident.")
        static final class Show extends ApiCommand {
            @Parameters(index = "0", paramLabel = "ID", description = "The incident's id.")
            String id;

            @Override
            int execute() {
                printOne(client().get(PATH + "/" + ApiClient.segment(id)), TABLE);
                return 0;
            }
        }

        @Command(name = "resolve", mixinStandardHelpOptions = true, description = "Resolve an incident.")
        static final class Resolve extends ApiCommand {
            @Parameters(index = "0", paramLabel = "ID", description = "The incident's id.")
            String id;

            @Option(names = "--note", required = true, paramLabel = "TEXT", description = "Why it is over.")
            String note;

            @Override
            int execute() {
                printOne(client().post(PATH + "/" + ApiClient.segment(id) + "/resolve", new AlertTriage(note)), TABLE);
                return 0;
            }
        }
    }
}
