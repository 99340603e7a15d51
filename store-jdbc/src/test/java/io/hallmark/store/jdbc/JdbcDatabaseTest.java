package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static io.hallmark.store.jdbc.Given.givenRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.server.access.Organization;
import io.hallmark.server.audit.AuditEntry;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.ChainHead;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcDatabaseTest {
    private final AuditLog log = new AuditLog(Clock.fixed(T0, ZoneOffset.UTC));

    @EachStore
    void changeAndItsAuditEntryVanishTogetherWhenTheWorkThrows(JdbcDatabase db) {
        Organization org = givenOrganization("Acme");
        RuntimeException failure = new IllegalArgumentException("name: refused (expected: something)");

        assertThatThrownBy(() -> db.inTransaction(s -> {
                    s.organizations().insert(org);
                    log.append(s, givenRecord("org.create"));
                    throw failure;
                }))
                .isSameAs(failure);

        assertThat(db.<Optional<Organization>>read(s -> s.organizations().findById(org.id())))
                .isEmpty();
        assertThat(db.<List<AuditEntry>>read(s -> s.audit().range(1, 10))).isEmpty();
        assertThat(db.<ChainHead>inTransaction(s -> s.audit().lockHead())).isEqualTo(ChainHead.GENESIS);
    }

    @EachStore
    void committedWorkReturnsItsResultAndIsVisibleAfterwards(JdbcDatabase db) {
        Organization org = givenOrganization("Acme");

        long seq = db.inTransaction(s -> {
            s.organizations().insert(org);
            return log.append(s, givenRecord("org.create")).seq();
        });

        assertThat(seq).isEqualTo(1);
        assertThat(db.<Optional<Organization>>read(s -> s.organizations().findById(org.id())))
                .contains(org);
        assertThat(db.<List<AuditEntry>>read(s -> s.audit().range(1, 10))).hasSize(1);
    }

    @EachStore
    void transactionsDoNotNest(JdbcDatabase db) {
        assertThatThrownBy(() -> db.inTransaction(
                        s -> db.read(inner -> inner.organizations().findById("x"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no nesting");

        // the thread is free again afterwards
        assertThat(db.<Optional<Organization>>read(s -> s.organizations().findById("x")))
                .isEmpty();
    }

    @EachStore
    void storesCannotBeUsedAfterTheirTransaction(JdbcDatabase db) {
        Stores leaked = db.read(s -> s);

        assertThatThrownBy(() -> leaked.organizations().findById("x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transaction: ended");
    }

    @EachStore
    void dialectNamesTheDatabase(StoreFixture fixture) {
        assertThat(fixture.database().dialect()).isEqualTo(fixture.kind().label);
    }

    @EachStore
    void reopeningAppliesNoMigrationAgainAndKeepsTheData(StoreFixture fixture) throws SQLException {
        Organization org = givenOrganization("Acme");
        fixture.database().inTransaction(s -> {
            s.organizations().insert(org);
            return log.append(s, givenRecord("org.create"));
        });
        List<String> historyBefore = migrationHistory(fixture.database());

        JdbcDatabase reopened = fixture.reopen();

        assertThat(migrationHistory(reopened)).isEqualTo(historyBefore).anyMatch(v -> v.endsWith(":1"));
        assertThat(reopened.read(s -> s.organizations().list(PageRequest.first(10)))
                        .items())
                .containsExactly(org);
        assertThat(reopened.inTransaction(s -> s.audit().lockHead()).seq()).isEqualTo(1);
    }

    /** The versions Flyway recorded, in order (it quotes its table and columns in lower case on both databases). */
    private static List<String> migrationHistory(JdbcDatabase db) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT \"installed_rank\", \"version\" FROM \"flyway_schema_history\""
                        + " WHERE \"success\" = TRUE ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                versions.add(rs.getInt(1) + ":" + rs.getString(2));
            }
        }
        return versions;
    }

    @EachStore
    void aReadOnlyTransactionSeesCommittedData(JdbcDatabase db) {
        Organization org = givenOrganization("Acme");
        AtomicReference<Organization> seen = new AtomicReference<>();
        db.inTransaction(s -> {
            s.organizations().insert(org);
            return null;
        });

        db.read(s -> {
            seen.set(s.organizations().findByName("Acme").orElseThrow());
            return null;
        });

        assertThat(seen.get()).isEqualTo(org);
    }

    @Test
    void h2FileUrlKeepsTheDatabaseUnderTheDataDirectory(@TempDir Path dataDir) {
        String url = JdbcDatabase.h2FileUrl(dataDir);

        try (JdbcDatabase db = JdbcDatabase.open(url, null, null)) {
            assertThat(db.dialect()).isEqualTo("h2");
        }

        assertThat(url).startsWith("jdbc:h2:file:").contains("WRITE_DELAY=0").doesNotContain("AUTO_SERVER");
        assertThat(Files.exists(dataDir.resolve("db").resolve("hallmark.mv.db")))
                .isTrue();
    }

    @Test
    void otherDatabasesAreRefusedWithoutEchoingTheUrl() {
        assertThatThrownBy(() -> JdbcDatabase.open("jdbc:mysql://db/hallmark?password=s3cret", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jdbcUrl: jdbc:mysql:")
                .hasMessageNotContaining("s3cret");
    }
}
