package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.protocol.v1.TokenCreate;
import io.hallmark.protocol.v1.TokenCreated;
import io.hallmark.protocol.v1.TokenView;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hallmark token create|list|revoke}: API tokens. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "API tokens (bearer tokens for the REST API).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListAll.class, TokenCommand.Revoke.class})
final class TokenCommand extends GroupCommand {
    static final String PATH = "/api/v1/tokens";

    static final Table TABLE = Table.of(TokenView.class)
            .column("ID", "id")
            .column("USER", "user")
            .column("NAME", "name")
            .column("CREATED", "createdAt")
            .column("EXPIRES", "expiresAt")
            .column("REVOKED", "revokedAt");

    private static final Table CREATED = Table.of(TokenCreated.class)
            .column("ID", "id")
            .column("USER", "user")
            .column("NAME", "name")
            .column("EXPIRES", "expiresAt");

    /** Prints a new token: the secret, marked as shown once, then its id, user, name and expiry. */
    static void printNewToken(PrintWriter out, JsonNode token) {
        out.println("token (shown once): " + Table.clean(token.path("token").asText()));
        CREATED.printDetails(out, token);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token (shown once).")
    static final class Create extends ApiCommand {
        @Option(names = "--name", paramLabel = "NAME", description = "A label for the token.")
        String name;

        @Option(
                names = "--user",
                paramLabel = "USERID",
                description = "The user the token acts for (default: yourself).")
        String user;

        @Option(names = "--ttl-days", paramLabel = "N", description = "Lifetime in days (server default: 90).")
        Integer ttlDays;

        @Override
        int execute() {
            ApiClient.Answer a = client().post(PATH, new TokenCreate(name, user, ttlDays));
            if (json) {
                printRaw(a.body());
            } else {
                printNewToken(out(), Json.read(a.body()));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListAll extends ApiCommand {
        @Option(names = "--user", paramLabel = "USERID", description = "Only the tokens of this user.")
        String user;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(PATH, params("user", user), paging, TABLE);
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token.")
    static final class Revoke extends ApiCommand {
        @Parameters(index = "0", paramLabel = "TOKEN_ID", description = "The token's id (not its secret).")
        String id;

        @Override
        int execute() {
            if (id.startsWith("hm1.") || id.startsWith("hm1_")) {
                // a pasted secret would end up in URLs and server logs
                throw usage("TOKEN_ID: this looks like the token itself (expected: its id, see token list)");
            }
            ApiClient.Answer a = client().delete(PATH + "/" + ApiClient.segment(id));
            if (json) {
                if (a.hasBody()) {
                    printRaw(a.body());
                }
            } else {
                out().println("revoked token " + Table.clean(id));
            }
            return 0;
        }
    }
}
