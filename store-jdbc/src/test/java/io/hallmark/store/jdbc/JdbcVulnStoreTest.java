package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.access.Organization;
import io.hallmark.server.vuln.Advisory;
import io.hallmark.server.vuln.ImportResult;
import io.hallmark.server.vuln.OsvParser;
import io.hallmark.server.vuln.VexStatement;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

class JdbcVulnStoreTest {
    private static final String OSV = "[{\"id\":\"HM-2026-1\",\"modified\":\"2026-11-01T00:00:00Z\",\"affected\":"
            + "[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"left-pad\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":"
            + "[{\"introduced\":\"0\"},{\"fixed\":\"1.3.0\"}]}]}]},"
            + "{\"id\":\"HM-2026-2\",\"modified\":\"2026-11-02T00:00:00Z\",\"affected\":"
            + "[{\"package\":{\"ecosystem\":\"Go\",\"name\":\"example.com/x\"},\"ranges\":[{\"type\":\"SEMVER\","
            + "\"events\":[{\"introduced\":\"1.0.0\"}]}]}]}]";

    private static Organization org(JdbcDatabase db, String name) {
        Organization o = givenOrganization(name);
        db.inTransaction(s -> {
            s.organizations().insert(o);
            return null;
        });
        return o;
    }

    @EachStore
    void advisoriesAreKeptPerOrganizationAndReadBackAsImported(JdbcDatabase db) {
        Organization a = org(db, "A");
        Organization b = org(db, "B");
        ImportResult<Advisory> parsed = OsvParser.parse(OSV.getBytes(StandardCharsets.UTF_8), "test.json");
        assertThat(parsed.refused()).isEmpty();
        db.inTransaction(s -> {
            s.vulnerabilities().putAdvisories(a.id(), parsed.accepted(), T0);
            return null;
        });
        assertThat(db.<Long>read(s -> s.vulnerabilities().countAdvisories(a.id())))
                .isEqualTo(2);
        assertThat(db.<Long>read(s -> s.vulnerabilities().countAdvisories(b.id())))
                .isZero();
        List<String> docs = db.read(s -> s.vulnerabilities().advisoryDocuments(a.id()));
        assertThat(docs.stream().map(OsvParser::stored).map(Advisory::id))
                .containsExactlyInAnyOrder("HM-2026-1", "HM-2026-2");
        // the same records again replace, not duplicate
        db.inTransaction(s -> {
            s.vulnerabilities().putAdvisories(a.id(), parsed.accepted(), T0.plusSeconds(60));
            return null;
        });
        assertThat(db.<Long>read(s -> s.vulnerabilities().countAdvisories(a.id())))
                .isEqualTo(2);
    }

    @EachStore
    void vexStatementsRoundTrip(JdbcDatabase db) {
        Organization a = org(db, "A");
        VexStatement fixed = new VexStatement(
                "CVE-2026-0001",
                "CSAFPID-1",
                "Example Camera 1.1",
                "Example Camera",
                "1.1",
                Optional.of("pkg:generic/example/camera@1.1"),
                VexStatement.Status.FIXED);
        db.inTransaction(s -> {
            s.vulnerabilities().putVex(a.id(), List.of(fixed), T0);
            return null;
        });
        assertThat(db.<List<VexStatement>>read(s -> s.vulnerabilities().vex(a.id())))
                .containsExactly(fixed);
    }
}
