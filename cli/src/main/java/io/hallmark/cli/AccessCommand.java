package io.hallmark.cli;

import io.hallmark.protocol.v1.BreakGlassReview;
import io.hallmark.protocol.v1.BreakGlassStart;
import io.hallmark.protocol.v1.BreakGlassView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hallmark access}: emergency (break-glass) access.
 *
 * <pre>
 * access break-glass --reason TEXT --minutes N     start a session (N: 1..60)
 * access break-glass-list [--org ORG]              or: access break-glass list
 * access break-glass-end ID                        or: access break-glass end ID
 * access break-glass-review ID --note TEXT         or: access break-glass review ID --note TEXT
 * </pre>
 */
@Command(
        name = "access",
        mixinStandardHelpOptions = true,
        description = "Emergency access: take your organization's admin role for a bounded, audited time.",
        subcommands = {
            AccessCommand.BreakGlass.class,
            AccessCommand.BreakGlassList.class,
            AccessCommand.BreakGlassEnd.class,
            AccessCommand.BreakGlassReviewCommand.class
        })
final class AccessCommand extends GroupCommand {
    static final String PATH = "/api/v1/access/break-glass";
    static final int MAX_MINUTES = 60;

    static final Table TABLE = Table.of(BreakGlassView.class)
            .column("ID", "id")
            .column("USER", "user")
            .column("ORG", "org")
            .column("ACTIVE", "active")
            .column("STARTED", "startedAt")
            .column("EXPIRES", "expiresAt")
            .column("ENDED", "endedAt")
            .column("REVIEWED BY", "reviewedBy")
            .column("REVIEWED", "reviewedAt")
            .column("REASON", "reason")
            .column("REVIEW NOTE", "reviewNote");

    @Command(
            name = "break-glass",
            mixinStandardHelpOptions = true,
            description = "Start a break-glass session: --reason TEXT --minutes N.",
            subcommands = {BreakGlass.ListNested.class, BreakGlass.EndNested.class, BreakGlass.ReviewNested.class})
    static final class BreakGlass extends ApiCommand {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (10..1000 characters); audited, reviewed.")
        String reason;

        @Option(names = "--minutes", paramLabel = "N", description = "How long: 1.." + MAX_MINUTES + " minutes.")
        Integer minutes;

        @Override
        int execute() {
            // not required=true: the subcommands list, end and review must parse without them
            if (reason == null || reason.isBlank()) {
                throw usage("Missing required option: '--reason=TEXT'");
            }
            if (minutes == null) {
                throw usage("Missing required option: '--minutes=N'");
            }
            if (minutes < 1 || minutes > MAX_MINUTES) {
                throw usage("--minutes: " + minutes + " (expected: 1.." + MAX_MINUTES + ")");
            }
            ApiClient.Answer a = client().post(PATH, new BreakGlassStart(reason, minutes));
            if (json) {
                printRaw(a.body());
            } else {
                out().println("break-glass session started; it is audited and must be reviewed");
                TABLE.printDetails(out(), Json.read(a.body()));
            }
            return 0;
        }

        @Command(name = "list", description = "Same as access break-glass-list.")
        static final class ListNested extends BreakGlassList {}

        @Command(name = "end", description = "Same as access break-glass-end.")
        static final class EndNested extends BreakGlassEnd {}

        @Command(name = "review", description = "Same as access break-glass-review.")
        static final class ReviewNested extends BreakGlassReviewCommand {}
    }

    @Command(name = "break-glass-list", mixinStandardHelpOptions = true, description = "List break-glass sessions.")
    static class BreakGlassList extends ApiCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "Only the sessions of this organization.")
        String org;

        @Mixin
        PageOptions paging;

        @Override
        int execute() {
            printList(PATH, params("org", org), paging, TABLE);
            return 0;
        }
    }

    @Command(name = "break-glass-end", mixinStandardHelpOptions = true, description = "End a break-glass session now.")
    static class BreakGlassEnd extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The session's id.")
        String id;

        @Override
        int execute() {
            printOne(client().post(PATH + "/" + ApiClient.segment(id) + "/end", null), TABLE);
            return 0;
        }
    }

    @Command(
            name = "break-glass-review",
            mixinStandardHelpOptions = true,
            description = "Record your review of someone else's break-glass session.")
    static class BreakGlassReviewCommand extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The session's id.")
        String id;

        @Option(names = "--note", required = true, paramLabel = "TEXT", description = "What you found (1..2000).")
        String note;

        @Override
        int execute() {
            String path = PATH + "/" + ApiClient.segment(id) + "/review";
            printOne(client().post(path, new BreakGlassReview(note)), TABLE);
            return 0;
        }
    }
}
