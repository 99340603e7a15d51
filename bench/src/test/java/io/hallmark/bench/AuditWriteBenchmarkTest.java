package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class AuditWriteBenchmarkTest {
    @Test
    void auditedAndRawWritesLandInTheSameTableOnAFreshH2() throws SQLException {
        AuditWriteBenchmark bench = new AuditWriteBenchmark();
        bench.store = "h2";
        bench.open();
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(bench.auditedWrite()).isEqualTo(1);
            }
            for (int i = 0; i < 20; i++) {
                assertThat(bench.rawWrite()).isEqualTo(1);
            }
            try (Connection c = bench.scratch().database().dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT seq) FROM audit_entries")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(rs.getLong(2)).isEqualTo(40);
            }
            assertThat(bench.scratch()
                            .database()
                            .read(s -> s.audit().lockHead())
                            .seq())
                    .as("the audited writes form the chain")
                    .isEqualTo(20);
        } finally {
            bench.close();
        }
    }
}
