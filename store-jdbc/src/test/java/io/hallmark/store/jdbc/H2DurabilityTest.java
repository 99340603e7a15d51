package io.hallmark.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.audit.AuditChainVerifier;
import io.hallmark.server.audit.AuditEntry;
import io.hallmark.server.audit.ExportedEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default keeps every committed transaction when the process is killed: a child JVM commits audited
 * inserts in a loop and prints each seq after its commit returned; it is killed with SIGKILL in the middle of the
 * burst, and every printed seq must then be in the reopened database, with no gap and no half transaction.
 */
class H2DurabilityTest {
    private static final int COMMITS_BEFORE_KILL = 3000;

    @Test
    void committedTransactionsSurviveTheProcessBeingKilled(@TempDir Path dataDir) throws Exception {
        Path stderr = dataDir.resolve("child.stderr");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        AuditBurst.class.getName(),
                        dataDir.toString())
                .redirectError(stderr.toFile())
                .start();
        List<Long> printed = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            readUntil(out, child, stderr, COMMITS_BEFORE_KILL, printed);
            // SIGKILL: no shutdown hook, no close. Through the handle, because Process.destroyForcibly() also closes
            // our end of the pipe, and what the child printed before it died is still in there.
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String line;
            while ((line = out.readLine()) != null) {
                printed.add(Long.parseLong(line));
            }
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        long lastPrinted = printed.get(printed.size() - 1);
        assertThat(printed)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, lastPrinted).boxed().toList());

        try (JdbcDatabase db = JdbcDatabase.open(JdbcDatabase.h2FileUrl(dataDir), null, null)) {
            List<AuditEntry> stored = db.read(s -> s.audit().range(1, Integer.MAX_VALUE));
            long lastStored = stored.get(stored.size() - 1).seq();
            // every printed commit is there; at most the one in flight at the kill is there unprinted
            assertThat(lastStored).isBetween(lastPrinted, lastPrinted + 1);
            assertThat(stored)
                    .extracting(AuditEntry::seq)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, lastStored).boxed().toList());
            assertThat(db.inTransaction(s -> s.audit().lockHead()).seq()).isEqualTo(lastStored);
            // each transaction also made an organization: none without its entry, none lost
            assertThat(countOrganizations(db)).isEqualTo(lastStored);
            AuditChainVerifier verifier = new AuditChainVerifier(List.of(), ConcurrentAuditAppendTest.anyEcPublicKey());
            stored.forEach(e -> verifier.accept(ExportedEntry.full(e)));
            assertThat(verifier.finish().findings()).isEmpty();
        }
    }

    private static long countOrganizations(JdbcDatabase db) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM organizations")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void readUntil(BufferedReader out, Process child, Path stderr, int commits, List<Long> printed)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String line;
        while (printed.size() < commits && (line = out.readLine()) != null) {
            if (!line.equals(AuditBurst.READY)) {
                printed.add(Long.parseLong(line));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the child committed only " + printed.size() + " transactions in 120 s");
            }
        }
        if (printed.size() < commits) {
            throw new AssertionError("the child stopped (exit " + child.waitFor() + "): " + Files.readString(stderr));
        }
    }
}
