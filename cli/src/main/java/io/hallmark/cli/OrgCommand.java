package io.hallmark.cli;

import io.hallmark.protocol.v1.OrganizationCreate;
import io.hallmark.protocol.v1.OrganizationView;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hallmark org create|list|show|ca|revoke-ca}: organizations. */
@Command(
        name = "org",
        mixinStandardHelpOptions = true,
        description = "Organizations: manufacturers, owners, assessors.",
        subcommands = {
            OrgCommand.Create.class,
            OrgCommand.ListAll.class,
            OrgCommand.Show.class,
            OrgCommand.Ca.class,
            OrgCommand.RevokeCa.class
        })
final class OrgCommand extends GroupCommand {
    static final String PATH = "/api/v1/organizations";

    static final Table TABLE = Table.of(OrganizationView.class)
            .column("ID", "id")
            .column("NAME", "name")
            .column("KINDS", "kinds")
            .column("CREATED", "createdAt");

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an organization.")
    static final class Create extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Unique name.")
        String name;

        @Option(
                names = "--kind",
                paramLabel = "KIND",
                split = ",",
                required = true,
                description = "manufacturer, owner or assessor; repeat or separate with commas.")
        List<String> kinds;

        @Override
        int execute() {
            List<String> k = kinds.stream()
                    .map(s -> s.strip().toLowerCase(Locale.ROOT))
                    .filter(s -> !s.isEmpty())
                    .distinct()
                    .toList();
            ApiClient.Answer a = client().post(PATH, new OrganizationCreate(name, k));
            if (json) {
                printRaw(a.body());
            } else {
                out().println("created organization");
                TABLE.printDetails(out(), Json.read(a.body()));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List organizations.")
    static final class ListAll extends ApiCommand {
        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(PATH, params(), paging, TABLE);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one organization.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID|NAME", description = "The organization's id or name.")
        String idOrName;

        @Override
        int execute() {
            printOne(client().get(PATH + "/" + ApiClient.segment(idOrName)), TABLE);
            return 0;
        }
    }

    @Command(
            name = "ca",
            mixinStandardHelpOptions = true,
            description = "Print an organization's certificate authorities as PEM (for devices and relying parties).")
    static final class Ca extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID|NAME", description = "The organization's id or name.")
        String idOrName;

        @Option(
                names = "--purpose",
                paramLabel = "P",
                description = "root, idevid (issuing CA then root) or ldevid (issuing CA then root); default: all")
        String purpose;

        @Override
        int execute() {
            ApiClient.Answer a = client().get(PATH + "/" + ApiClient.segment(idOrName) + "/ca");
            if (json) {
                printRaw(a.body());
                return 0;
            }
            var view = Json.read(a.body());
            // by default every issuing chain the organization has (each ends with the root)
            List<String> fields = purpose == null
                    ? List.of("idevid", "ldevid")
                    : List.of(purpose.strip().toLowerCase(Locale.ROOT));
            for (String f : fields) {
                if (!List.of("root", "idevid", "ldevid").contains(f)) {
                    throw CliException.badInput("--purpose: " + f + " (expected: root, idevid or ldevid)");
                }
                var pem = view.get(f);
                if (pem != null && !pem.isNull()) {
                    out().print(pem.asText());
                } else if (purpose != null) {
                    throw new CliException(CliException.NOT_FOUND, "this organization has no " + f + " CA");
                }
            }
            out().flush();
            return 0;
        }
    }

    static final Table REVOCATION = Table.of(io.hallmark.protocol.v1.CaRevocationView.class)
            .column("ORG", "org")
            .column("CA", "ca")
            .column("ROOT", "root")
            .column("SERIAL", "serial")
            .column("REASON", "reason")
            .column("REVOKED", "revokedAt")
            .column("BY", "revokedBy");

    @Command(
            name = "revoke-ca",
            mixinStandardHelpOptions = true,
            description = "Revoke one of an organization's issuing CAs by its root (final): the root's CRL lists it,"
                    + " it issues nothing more, and the fleet audit reports the devices still holding its"
                    + " certificates.")
    static final class RevokeCa extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID|NAME", description = "The organization's id or name.")
        String idOrName;

        @Option(
                names = "--purpose",
                paramLabel = "P",
                required = true,
                description = "Which issuing CA: idevid or ldevid.")
        String purpose;

        @Option(
                names = "--reason",
                paramLabel = "R",
                description = "RFC 5280 CRLReason: keyCompromise, cACompromise, superseded, cessationOfOperation,"
                        + " affiliationChanged, privilegeWithdrawn or unspecified (default).")
        String reason;

        @Override
        int execute() {
            ApiClient.Answer a = client().post(
                            PATH + "/" + ApiClient.segment(idOrName) + "/ca/revocations",
                            new io.hallmark.protocol.v1.CaRevocationRequest(
                                    purpose.strip().toLowerCase(Locale.ROOT), reason));
            if (json) {
                printRaw(a.body());
            } else {
                out().println("revoked issuing CA");
                REVOCATION.printDetails(out(), Json.read(a.body()));
            }
            return 0;
        }
    }
}
