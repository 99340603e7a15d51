package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.protocol.v1.VoucherImport;
import io.hallmark.protocol.v1.VoucherIssue;
import io.hallmark.protocol.v1.VoucherView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hallmark voucher issue|import|list}: ownership vouchers (RFC 8366). */
@Command(
        name = "voucher",
        mixinStandardHelpOptions = true,
        description = "Ownership vouchers (RFC 8366, signed as JWS): issue as a manufacturer, import as an owner.",
        subcommands = {VoucherCommand.Issue.class, VoucherCommand.Import.class, VoucherCommand.ListAll.class})
final class VoucherCommand extends GroupCommand {
    static final String PATH = "/api/v1/vouchers";

    static final Table TABLE = Table.of(VoucherView.class)
            .column("ID", "id")
            .column("SERIAL", "serial")
            .column("KIND", "kind")
            .column("ISSUER", "issuer")
            .column("HOLDER", "holder")
            .column("EXPIRES", "expiresAt");

    @Command(
            name = "issue",
            mixinStandardHelpOptions = true,
            description = "Issue a voucher for a device: to an owner of this instance (--owner; the device becomes"
                    + " owned) or to another instance's owner (--pinned-cert, its root CA; give it the --out file).")
    static final class Issue extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The manufacturer (default: your organization).")
        String org;

        @Option(names = "--serial", required = true, paramLabel = "SN", description = "The device's serial number.")
        String serial;

        @Option(names = "--owner", paramLabel = "ORG", description = "The owner organization on this instance.")
        String owner;

        @Option(names = "--pinned-cert", paramLabel = "PEM", description = "Another instance owner's root CA.")
        Path pinnedCert;

        @Option(names = "--days", paramLabel = "N", description = "Validity in days (default 30, at most 365).")
        Integer days;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the signed voucher (JWS) there.")
        Path out;

        @Override
        int execute() {
            if ((owner == null) == (pinnedCert == null)) {
                throw usage("give exactly one of --owner and --pinned-cert");
            }
            String pem = null;
            if (pinnedCert != null) {
                try {
                    pem = Files.readString(pinnedCert, StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw CliException.badInput("--pinned-cert: " + pinnedCert + " cannot be read", e);
                }
            }
            ApiClient.Answer a = client().post(PATH, new VoucherIssue(org, serial, owner, pem, days));
            writeVoucher(Json.read(a.body()));
            if (!json) {
                out().println("issued voucher");
            }
            printOne(a, TABLE);
            return 0;
        }

        private void writeVoucher(JsonNode view) {
            if (out == null) {
                return;
            }
            try {
                Files.writeString(out, view.get("voucher").asText() + "\n", StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw CliException.failed("--out: " + out + " cannot be written", e);
            }
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Import a voucher (a JWS file) from a trusted manufacturer; the device becomes owned.")
    static final class Import extends ApiCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The signed voucher.")
        Path file;

        @Option(names = "--org", paramLabel = "ORG", description = "The owner (default: your organization).")
        String org;

        @Override
        int execute() {
            String jws;
            try {
                jws = Files.readString(file, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw CliException.badInput(file + " cannot be read", e);
            }
            ApiClient.Answer a = client().post(PATH + "/import", new VoucherImport(org, jws));
            if (!json) {
                out().println("imported voucher");
            }
            printOne(a, TABLE);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Vouchers issued or held.")
    static final class ListAll extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The organization (default: yours).")
        String org;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(PATH, params("org", org), paging, TABLE);
            return 0;
        }
    }
}
