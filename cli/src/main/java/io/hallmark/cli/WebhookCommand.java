package io.hallmark.cli;

import io.hallmark.protocol.v1.WebhookCreate;
import io.hallmark.protocol.v1.WebhookView;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hallmark webhook add|list|remove}: receivers of an organization's security events (docs/webhooks.md). */
@Command(
        name = "webhook",
        mixinStandardHelpOptions = true,
        description = "Webhooks: an organization's security events posted to a receiver, signed (Standard Webhooks).",
        subcommands = {WebhookCommand.Add.class, WebhookCommand.ListAll.class, WebhookCommand.Remove.class})
final class WebhookCommand extends GroupCommand {
    static final String PATH = "/api/v1/webhooks";

    static final Table TABLE = Table.of(WebhookView.class)
            .column("ID", "id")
            .column("URL", "url")
            .column("EVENTS", "events")
            .column("PRIVATE", "allowPrivateNetwork")
            .column("CREATED", "createdAt")
            .column("SECRET", "secret");

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Add a receiver; prints its signing secret, once.")
    static final class Add extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The organization (default: yours).")
        String org;

        @Option(names = "--receiver", required = true, paramLabel = "URL", description = "https://... of the receiver.")
        String url;

        @Option(
                names = "--event",
                paramLabel = "KIND",
                description = "An event kind, or a prefix ending with a dot (repeat; default: behaviour. and"
                        + " device.quarantine).")
        List<String> events;

        @Option(
                names = "--allow-private-network",
                description = "Let the receiver be on a private address (platform administrators only).")
        boolean allowPrivate;

        @Override
        int execute() {
            printOne(client().post(PATH, new WebhookCreate(org, url, events, allowPrivate ? true : null)), TABLE);
            if (!json) {
                out().println("keep the secret: it is not shown again");
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the organization's webhooks.")
    static final class ListAll extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "The organization (default: yours).")
        String org;

        @Override
        int execute() {
            ApiClient.Answer a = client().get(PATH + (org == null ? "" : "?org=" + ApiClient.segment(org)));
            if (json) {
                out().println(a.body());
                return 0;
            }
            for (com.fasterxml.jackson.databind.JsonNode w : Json.read(a.body()).get("items")) {
                out().printf("%s  %s  %s%n", w.get("id").asText(), w.get("url").asText(), w.get("events"));
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a webhook.")
    static final class Remove extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The webhook's id.")
        String id;

        @Override
        int execute() {
            client().delete(PATH + "/" + ApiClient.segment(id));
            if (!json) {
                out().println("removed " + id);
            }
            return 0;
        }
    }
}
