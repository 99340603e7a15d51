package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.givenRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.audit.AuditEntry;
import io.hallmark.server.audit.AuditLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2CompactorTest {
    private static final int COMMITS = 3000;

    @Test
    void appendOnlyCommitsDoNotLeaveTheFileFullOfSparseChunks(@TempDir Path dataDir) throws Exception {
        // no retention, so that chunks freed by compaction are reused at once and the count shows it
        String url = JdbcDatabase.h2FileUrl(dataDir) + ";RETENTION_TIME=0";
        AuditLog log = new AuditLog(Clock.systemUTC());
        try (JdbcDatabase db = JdbcDatabase.open(url, null, null)) {
            for (int i = 0; i < COMMITS; i++) {
                db.inTransaction(s -> log.append(s, givenRecord("tick")));
            }

            // each commit wrote a chunk; without compaction about one in six stays, held by one old page
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (chunkCount(db) > COMMITS / 30 && System.nanoTime() < deadline) {
                H2Compactor.compactOnce(db.dataSource());
                db.inTransaction(s -> log.append(s, givenRecord("tick")));
            }

            assertThat(chunkCount(db)).isLessThanOrEqualTo(COMMITS / 30);
            List<AuditEntry> entries = db.read(s -> s.audit().range(1, COMMITS * 2));
            assertThat(entries.get(0).seq()).isEqualTo(1);
            assertThat(entries.size())
                    .isEqualTo((int) entries.get(entries.size() - 1).seq());
        }
    }

    private static long chunkCount(JdbcDatabase db) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CHUNK_COUNT'")) {
            rs.next();
            return Long.parseLong(rs.getString(1));
        }
    }
}
