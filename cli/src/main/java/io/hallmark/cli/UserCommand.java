package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.protocol.v1.UserCreate;
import io.hallmark.protocol.v1.UserUpdate;
import io.hallmark.protocol.v1.UserView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hallmark user add|list|show|update|totp-*}: users of organizations and their two-step sign-in. */
@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        description = "Users: people and automation acting for an organization.",
        subcommands = {
            UserCommand.Add.class,
            UserCommand.ListAll.class,
            UserCommand.Show.class,
            UserCommand.Update.class,
            UserCommand.TotpEnable.class,
            UserCommand.TotpConfirm.class,
            UserCommand.TotpDisable.class
        })
final class UserCommand extends GroupCommand {
    static final String PATH = "/api/v1/users";
    static final String ROLES = "admin, security-officer, operator, auditor, release-manager or assessor";

    static final Table TABLE = Table.of(UserView.class)
            .column("ID", "id")
            .column("NAME", "name")
            .column("ORG", "org")
            .column("ROLES", "roles")
            .column("PASSWORD", "hasPassword")
            .column("DISABLED", "disabled")
            .column("CREATED", "createdAt");

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Add a user and print their first API token (shown once).")
    static final class Add extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Unique user name.")
        String name;

        @Option(names = "--org", required = true, paramLabel = "ORG", description = "The organization's id or name.")
        String org;

        @Option(
                names = "--role",
                required = true,
                split = ",",
                paramLabel = "ROLE",
                description = ROLES + "; repeat or separate with commas.")
        List<String> roles;

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                description = "A file holding the console password (one trailing newline is dropped);"
                        + " without it the user has API tokens only.")
        Path passwordFile;

        @Option(names = "--token-ttl-days", paramLabel = "N", description = "Lifetime of the first token in days.")
        Integer tokenTtlDays;

        @Override
        int execute() {
            String password = passwordFile == null ? null : readPassword(passwordFile);
            UserCreate body =
                    new UserCreate(org, name, roles.stream().map(String::strip).toList(), password, tokenTtlDays);
            ApiClient.Answer a = client().post(PATH, body);
            if (json) {
                printRaw(a.body());
                return 0;
            }
            JsonNode created = Json.read(a.body());
            out().println("created user");
            TABLE.printDetails(out(), created.path("user"));
            TokenCommand.printNewToken(out(), created.path("token"));
            return 0;
        }
    }

    /** The password in {@code file} without one trailing line break. */
    static String readPassword(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.badInput("password file " + file + " does not exist", e);
        } catch (IOException e) {
            throw CliException.badInput("password file " + file + " cannot be read (" + e + ")", e);
        }
        if (text.endsWith("\r\n")) {
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            throw CliException.badInput("password file " + file + " is empty");
        }
        return text;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
    static final class ListAll extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "Only the users of this organization (id or name).")
        String org;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(PATH, params("org", org), paging, TABLE);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one user.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The user's id.")
        String id;

        @Override
        int execute() {
            printOne(client().get(PATH + "/" + ApiClient.segment(id)), TABLE);
            return 0;
        }
    }

    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = "Change a user's roles, or disable (which revokes their tokens) or enable them.")
    static final class Update extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The user's id.")
        String id;

        @Option(
                names = "--role",
                split = ",",
                paramLabel = "ROLE",
                description = "The new roles (replacing the old): " + ROLES + ".")
        List<String> roles;

        @ArgGroup(exclusive = true)
        Status status;

        static final class Status {
            @Option(names = "--disable", required = true, description = "Disable the user and revoke their tokens.")
            boolean disable;

            @Option(names = "--enable", required = true, description = "Enable the user again.")
            boolean enable;
        }

        @Override
        int execute() {
            if (roles == null && status == null) {
                throw usage("Nothing to change: give --role, --disable or --enable");
            }
            Boolean disabled = status == null ? null : status.disable;
            List<String> newRoles =
                    roles == null ? null : roles.stream().map(String::strip).toList();
            printOne(client().patch(PATH + "/" + ApiClient.segment(id), new UserUpdate(newRoles, disabled)), TABLE);
            return 0;
        }
    }

    @Command(
            name = "totp-enable",
            mixinStandardHelpOptions = true,
            description = "Turn on two-step console sign-in (TOTP) for yourself: prints the secret and its otpauth://"
                    + " link once; confirm with totp-confirm.")
    static final class TotpEnable extends ApiCommand {
        @Option(
                names = "--password-file",
                required = true,
                paramLabel = "FILE",
                description = "A file holding your console password (one trailing newline is dropped).")
        Path passwordFile;

        @Override
        int execute() {
            ApiClient.Answer a = client().post(
                            "/api/v1/me/totp", new io.hallmark.protocol.v1.TotpEnable(readPassword(passwordFile)));
            if (json) {
                printRaw(a.body());
                return 0;
            }
            JsonNode e = Json.read(a.body());
            out().println("secret (shown once): " + e.path("secret").asText());
            out().println("link (shown once):   " + e.path("otpauthUri").asText());
            out().println("add it to an authenticator app, then run: hallmark user totp-confirm CODE");
            return 0;
        }
    }

    @Command(
            name = "totp-confirm",
            mixinStandardHelpOptions = true,
            description =
                    "Confirm your new TOTP secret with its current code; the console asks for codes from then on.")
    static final class TotpConfirm extends ApiCommand {
        @Parameters(index = "0", paramLabel = "CODE", description = "Six digits from the authenticator app.")
        String code;

        @Override
        int execute() {
            client().post("/api/v1/me/totp/confirm", new io.hallmark.protocol.v1.TotpConfirm(code));
            out().println("two-step sign-in is on");
            return 0;
        }
    }

    @Command(
            name = "totp-disable",
            mixinStandardHelpOptions = true,
            description = "Turn off two-step console sign-in: your own, or another user's (needs user-update).")
    static final class TotpDisable extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The user's id.")
        String id;

        @Override
        int execute() {
            client().delete(PATH + "/" + ApiClient.segment(id) + "/totp");
            out().println("two-step sign-in is off for " + id);
            return 0;
        }
    }
}
