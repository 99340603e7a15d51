package io.hallmark.store.jdbc;

import io.hallmark.core.Ids;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.audit.AuditLog;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/**
 * The child process of {@link H2DurabilityTest}: commits an organization and its audit entry per transaction, in a
 * loop, on the H2 default database of a data directory, and prints each committed seq on its own line once the
 * commit returned. It runs until it is killed.
 */
final class AuditBurst {
    /** The line printed once the database is open, before the first transaction. */
    static final String READY = "ready";

    private AuditBurst() {}

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        // stdout is the channel to the parent, which trusts every line it reads to be committed; buffered and
        // flushed per line, each line leaves in one write
        PrintStream out = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), true, StandardCharsets.UTF_8);
        Clock clock = Clock.systemUTC();
        AuditLog log = new AuditLog(clock);
        JdbcDatabase db = JdbcDatabase.open(JdbcDatabase.h2FileUrl(dataDir), null, null);
        out.println(READY);
        for (long i = 0; ; i++) {
            String name = "burst " + i;
            long seq = db.inTransaction(s -> {
                s.organizations()
                        .insert(new Organization(Ids.newId("org"), name, Set.of(OrgKind.OWNER), clock.instant()));
                return log.append(s, Given.givenRecord("org.create")).seq();
            });
            out.println(seq);
        }
    }
}
