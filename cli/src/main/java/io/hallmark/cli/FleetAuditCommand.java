package io.hallmark.cli;

import io.hallmark.protocol.v1.FleetAuditRunRequest;
import io.hallmark.protocol.v1.FleetAuditRunView;
import io.hallmark.protocol.v1.FleetFindingView;
import io.hallmark.protocol.v1.FleetMitigationPolicyRequest;
import io.hallmark.protocol.v1.FleetMitigationPolicyView;
import io.hallmark.protocol.v1.FleetMitigationRule;
import io.hallmark.protocol.v1.FleetSuppressionRequest;
import io.hallmark.protocol.v1.FleetSuppressionView;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hallmark audit-fleet run|findings|show|suppress|suppressions|policy}: the fleet security audit
 * (docs/fleet-audit.md).
 */
@Command(
        name = "audit-fleet",
        mixinStandardHelpOptions = true,
        description = "Fleet security audit: run it, list and show findings, suppress them for a time.",
        subcommands = {
            FleetAuditCommand.Run.class,
            FleetAuditCommand.Findings.class,
            FleetAuditCommand.Show.class,
            FleetAuditCommand.Suppress.class,
            FleetAuditCommand.Suppressions.class,
            FleetAuditCommand.Policy.class
        })
final class FleetAuditCommand extends GroupCommand {
    static final String PATH = "/api/v1/fleet-audit";

    static final Table RUN = Table.of(FleetAuditRunView.class)
            .column("ORG", "org")
            .column("AT", "at")
            .column("DEVICES", "devices")
            .column("FINDINGS", "seen")
            .column("NEW", "opened")
            .column("SUPPRESSED", "suppressed")
            .column("RESOLVED", "resolved");

    static final Table LIST = Table.of(FleetFindingView.class)
            .column("ID", "id")
            .column("SEVERITY", "severity")
            .column("CHECK", "check")
            .column("RESOURCE", "resourceName")
            .column("ACTUAL", "actual")
            .column("STATE", "state")
            .column("FIRST SEEN", "firstSeen")
            .column("LAST SEEN", "lastSeen");

    static final Table ONE = Table.of(FleetFindingView.class)
            .column("ID", "id")
            .column("ORG", "org")
            .column("CHECK", "check")
            .column("SEVERITY", "severity")
            .column("RESOURCE TYPE", "resourceType")
            .column("RESOURCE", "resource")
            .column("NAME", "resourceName")
            .column("EXPECTED", "expected")
            .column("ACTUAL", "actual")
            .column("REMEDIATION", "remediation")
            .column("STATE", "state")
            .column("FIRST SEEN", "firstSeen")
            .column("LAST SEEN", "lastSeen")
            .column("RESOLVED", "resolvedAt");

    static final Table SUPPRESSION = Table.of(FleetSuppressionView.class)
            .column("ID", "id")
            .column("CHECK", "check")
            .column("RESOURCE", "resource")
            .column("EXPIRES", "expires")
            .column("ACTIVE", "active")
            .column("BY", "createdBy")
            .column("REASON", "reason");

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Audit the fleet now.")
    static final class Run extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The organization (default: yours).")
        String org;

        @Override
        int execute() {
            printOne(client().post(PATH + "/runs", new FleetAuditRunRequest(org)), RUN);
            return 0;
        }
    }

    @Command(name = "findings", mixinStandardHelpOptions = true, description = "List findings, newest first.")
    static final class Findings extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The organization (default: yours).")
        String org;

        @Option(names = "--check", paramLabel = "ID", description = "One check's findings, e.g. device.key.weak.")
        String check;

        @Option(names = "--severity", paramLabel = "LEVEL", description = "low, medium, high or critical.")
        String severity;

        @Option(names = "--state", paramLabel = "STATE", description = "open, suppressed or resolved.")
        String state;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(
                    PATH + "/findings",
                    params("org", org, "check", check, "severity", severity, "state", state),
                    paging,
                    LIST);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one finding with its remediation.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The finding's id.")
        String id;

        @Override
        int execute() {
            printOne(client().get(PATH + "/findings/" + ApiClient.segment(id)), ONE);
            return 0;
        }
    }

    @Command(
            name = "suppress",
            mixinStandardHelpOptions = true,
            description = "Suppress a check's findings about one resource (or all) until an expiry.")
    static final class Suppress extends ApiCommand {
        @Parameters(index = "0", paramLabel = "CHECK", description = "The check's id, e.g. device.key.weak.")
        String check;

        @Option(names = "--org", paramLabel = "ORG", description = "The organization (default: yours).")
        String org;

        @Option(names = "--resource", paramLabel = "ID", description = "One resource (default: every resource).")
        String resource;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why it is accepted.")
        String reason;

        @Option(
                names = "--until",
                required = true,
                paramLabel = "INSTANT",
                description = "When it stops applying, e.g. 2027-01-31T00:00:00Z.")
        String until;

        @Override
        int execute() {
            Instant expires;
            try {
                expires = Instant.parse(until);
            } catch (DateTimeParseException e) {
                throw CliException.badInput("--until: " + until + " (expected: an instant like 2027-01-31T00:00:00Z)");
            }
            printOne(
                    client().post(
                                    PATH + "/suppressions",
                                    new FleetSuppressionRequest(org, check, resource, reason, expires)),
                    SUPPRESSION);
            return 0;
        }
    }

    @Command(name = "suppressions", mixinStandardHelpOptions = true, description = "List suppressions, newest first.")
    static final class Suppressions extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The organization (default: yours).")
        String org;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(PATH + "/suppressions", params("org", org), paging, SUPPRESSION);
            return 0;
        }
    }

    @Command(
            name = "policy",
            mixinStandardHelpOptions = true,
            description = "Show or set the mitigation policy: what the audit does by itself about new findings.",
            subcommands = {FleetAuditCommand.PolicyShow.class, FleetAuditCommand.PolicySet.class})
    static final class Policy extends GroupCommand {}

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the mitigation policy.")
    static final class PolicyShow extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The organization (default: yours).")
        String org;

        @Override
        int execute() {
            printPolicy(this, client().get(ApiClient.query(PATH + "/policy", params("org", org))));
            return 0;
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = "Replace the mitigation policy, e.g. --rule device.credentials.default=notify,quarantine"
                    + " --rule critical=notify; --clear removes every rule.")
    static final class PolicySet extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The organization (default: yours).")
        String org;

        @Option(
                names = "--rule",
                paramLabel = "MATCH=ACTIONS",
                description = "A check id or a severity, '=', and notify, quarantine, rollout separated by commas.")
        List<String> rules = new ArrayList<>();

        @Option(names = "--clear", description = "No rules: the audit only reports.")
        boolean clear;

        @Override
        int execute() {
            if (rules.isEmpty() != clear) {
                throw CliException.badInput("give --rule MATCH=ACTIONS (one or more) or --clear");
            }
            List<FleetMitigationRule> parsed = new ArrayList<>();
            for (String r : rules) {
                int eq = r.indexOf('=');
                if (eq <= 0 || eq == r.length() - 1) {
                    throw CliException.badInput(
                            "--rule: " + r + " (expected: MATCH=ACTIONS, e.g. critical=notify,quarantine)");
                }
                parsed.add(new FleetMitigationRule(
                        r.substring(0, eq), List.of(r.substring(eq + 1).split(","))));
            }
            printPolicy(this, client().put(PATH + "/policy", new FleetMitigationPolicyRequest(org, parsed)));
            return 0;
        }
    }

    /** Prints a policy: raw with --json, else one rule a line. */
    static void printPolicy(ApiCommand c, ApiClient.Answer answer) {
        if (c.json) {
            c.printRaw(answer.body());
            return;
        }
        FleetMitigationPolicyView p = Json.read(answer.body(), FleetMitigationPolicyView.class);
        c.out().println("ORG         " + p.org());
        c.out().println("UPDATED     " + (p.updatedAt() == null ? "never" : p.updatedAt() + " by " + p.updatedBy()));
        if (p.rules().isEmpty()) {
            c.out().println("RULES       none: the audit only reports");
        }
        for (FleetMitigationRule r : p.rules()) {
            c.out().println("RULE        " + r.match() + " -> " + String.join(", ", r.actions()));
        }
    }
}
