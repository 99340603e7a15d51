package io.hallmark.cli;

import io.hallmark.protocol.v1.MeView;
import picocli.CommandLine.Command;

/** {@code hallmark whoami}: who the token acts for. */
@Command(name = "whoami", mixinStandardHelpOptions = true, description = "Show who the token acts for.")
final class WhoamiCommand extends ApiCommand {
    static final Table TABLE = Table.of(MeView.class)
            .column("USER", "user")
            .column("NAME", "name")
            .column("ORG", "org")
            .column("ROLES", "roles")
            .column("PLATFORM ADMIN", "platformAdmin")
            .column("BREAK-GLASS", "breakGlass");

    @Override
    int execute() {
        printOne(client().get("/api/v1/me"), TABLE);
        return 0;
    }
}
