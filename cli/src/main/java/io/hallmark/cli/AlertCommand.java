package io.hallmark.cli;

import io.hallmark.protocol.v1.AlertSuppressionRequest;
import io.hallmark.protocol.v1.AlertSuppressionView;
import io.hallmark.protocol.v1.AlertTriage;
import io.hallmark.protocol.v1.AlertView;
import io.hallmark.protocol.v1.IncidentView;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hallmark alert list|show|ack|resolve|suppress|suppressions|lift} and {@code hallmark incident list|show|resolve}: what behaviour
 * monitoring found, and its triage (docs/behaviour/detection.md).
 */
@Command(
        name = "alert",
        mixinStandardHelpOptions = true,
        description = "Behaviour alerts: list, show, acknowledge, resolve; suppress a kind for a time, list and lift"
                + " suppressions.",
        subcommands = {
            AlertCommand.ListAll.class,
            AlertCommand.Show.class,
            AlertCommand.Acknowledge.class,
            AlertCommand.Resolve.class,
            AlertCommand.Suppress.class,
            AlertCommand.Suppressions.class,
            AlertCommand.Lift.class
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

    static final String SUPPRESSIONS = "/api/v1/alert-suppressions";

    static final Table SUPPRESSION = Table.of(AlertSuppressionView.class)
            .column("ID", "id")
            .column("KIND", "kind")
            .column("SCOPE", "scope")
            .column("TARGET", "target")
            .column("UNTIL", "until")
            .column("ACTIVE", "active")
            .column("SUPPRESSED", "suppressed")
            .column("BY", "createdBy")
            .column("REASON", "reason");

    @Command(
            name = "suppress",
            mixinStandardHelpOptions = true,
            description = "Suppress a kind of finding for a device, a product or the organization until a time: still"
                    + " counted, but no alert, event or quarantine.")
    static final class Suppress extends ApiCommand {
        @Parameters(
                index = "0",
                paramLabel = "KIND",
                description = "A finding id (behaviour.listen.telnet) or a prefix (behaviour.baseline.*).")
        String kind;

        @Option(names = "--org", paramLabel = "ORG", description = "The owner (default: the device's, or yours).")
        String org;

        @Option(names = "--device", paramLabel = "ID|SERIAL", description = "One device.")
        String device;

        @Option(names = "--product", paramLabel = "ID|MODEL", description = "The organization's devices of a product.")
        String product;

        @ArgGroup(multiplicity = "1")
        Expiry expiry;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why it is accepted.")
        String reason;

        static final class Expiry {
            @Option(names = "--until", paramLabel = "INSTANT", description = "When it ends, e.g. 2027-01-31T00:00:00Z.")
            String until;

            @Option(names = "--for", paramLabel = "DURATION", description = "How long, e.g. PT12H or P7D.")
            String lasting;
        }

        @Override
        int execute() {
            Instant end;
            try {
                end = expiry.until != null
                        ? Instant.parse(expiry.until)
                        : Instant.now().plus(Duration.parse(expiry.lasting));
            } catch (DateTimeParseException e) {
                throw CliException.badInput(
                        "--until is an instant like 2027-01-31T00:00:00Z; --for a duration like" + " PT12H or P7D");
            }
            printOne(
                    client().post(SUPPRESSIONS, new AlertSuppressionRequest(org, kind, device, product, end, reason)),
                    SUPPRESSION);
            return 0;
        }
    }

    @Command(
            name = "suppressions",
            mixinStandardHelpOptions = true,
            description = "List suppressions in force, newest first.")
    static final class Suppressions extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The owner (default: your organization).")
        String org;

        @Option(names = "--expired", description = "Expired and lifted ones too.")
        boolean expired;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(SUPPRESSIONS, params("org", org, "all", expired ? "true" : null), paging, SUPPRESSION);
            return 0;
        }
    }

    @Command(name = "lift", mixinStandardHelpOptions = true, description = "Lift a suppression before its expiry.")
    static final class Lift extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The suppression's id.")
        String id;

        @Option(names = "--note", required = true, paramLabel = "TEXT", description = "Why it ends now.")
        String note;

        @Override
        int execute() {
            printOne(
                    client().post(SUPPRESSIONS + "/" + ApiClient.segment(id) + "/lift", new AlertTriage(note)),
                    SUPPRESSION);
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
