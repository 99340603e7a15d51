package io.hallmark.cli;

import picocli.CommandLine.Option;

/** The paging options of list commands: one page by default, {@code --all} follows {@code nextCursor}. */
final class PageOptions {
    @Option(names = "--limit", paramLabel = "N", description = "At most N items per page (server default if absent).")
    Integer limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Start at this page (a nextCursor from before).")
    String cursor;

    @Option(names = "--all", description = "Follow the cursors and list every page.")
    boolean all;
}
