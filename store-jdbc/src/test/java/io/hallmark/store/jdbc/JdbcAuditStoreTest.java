package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.audit.AuditChain;
import io.hallmark.server.audit.AuditCheckpoint;
import io.hallmark.server.audit.AuditEntry;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditQuery;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.ChainHead;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

class JdbcAuditStoreTest {

    private static AuditEntry append(JdbcDatabase db, Instant time, AuditRecord record) {
        return db.inTransaction(s -> new AuditLog(Clock.fixed(time, ZoneOffset.UTC)).append(s, record));
    }

    private static AuditQuery query(
            Optional<String> orgId,
            Optional<String> actor,
            Optional<String> action,
            Optional<Outcome> outcome,
            Optional<Severity> severity) {
        return new AuditQuery(orgId, actor, action, outcome, severity, Optional.empty(), Optional.empty());
    }

    private static AuditQuery byAction(String action) {
        return query(Optional.empty(), Optional.empty(), Optional.of(action), Optional.empty(), Optional.empty());
    }

    private static List<Long> seqs(JdbcDatabase db, AuditQuery query) {
        return db.read(s -> s.audit().list(query, PageRequest.first(100))).items().stream()
                .map(AuditEntry::seq)
                .toList();
    }

    @EachStore
    void emptyLogHasTheGenesisHead(JdbcDatabase db) {
        assertThat(db.<ChainHead>inTransaction(s -> s.audit().lockHead())).isEqualTo(ChainHead.GENESIS);
        assertThat(db.<List<AuditEntry>>read(s -> s.audit().range(1, 10))).isEmpty();
        assertThat(db.<Optional<AuditCheckpoint>>read(s -> s.audit().latestCheckpoint()))
                .isEmpty();
    }

    @EachStore
    void appendedEntriesRoundTripExactlyIncludingTheirTime(JdbcDatabase db) {
        AuditRecord full = new AuditRecord(
                "usr_alice",
                Optional.of("org_acme"),
                "token.create",
                Optional.of("/v1/tokens"),
                Outcome.DENIED,
                Optional.of("missing permission"),
                Optional.of("req-7"),
                Severity.HIGH,
                Optional.of("bg_1"));
        AuditEntry a = append(db, Instant.parse("2026-03-01T00:00:00.001Z"), full);
        AuditEntry b = append(db, Instant.parse("1999-12-31T23:59:59.999Z"), givenRecord("org.create"));
        AuditEntry c = append(db, Instant.ofEpochMilli(1_700_000_000_123L).plusNanos(456_789), givenRecord("x"));

        List<AuditEntry> stored = db.read(s -> s.audit().range(1, 10));

        assertThat(stored).containsExactly(a, b, c);
        assertThat(stored.get(2).time()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(db.<ChainHead>inTransaction(s -> s.audit().lockHead())).isEqualTo(new ChainHead(3, c.hash()));
    }

    @EachStore
    void listIsNewestFirstAndPagesBySeqCursor(JdbcDatabase db) {
        for (int i = 0; i < 5; i++) {
            append(db, T0.plusSeconds(i), givenRecord("org.create"));
        }

        Page<AuditEntry> first = db.read(s -> s.audit().list(AuditQuery.all(), PageRequest.first(2)));
        Page<AuditEntry> second = db.read(s -> s.audit().list(AuditQuery.all(), new PageRequest(first.next(), 2)));
        Page<AuditEntry> last = db.read(s -> s.audit().list(AuditQuery.all(), new PageRequest(second.next(), 2)));

        assertThat(first.items()).extracting(AuditEntry::seq).containsExactly(5L, 4L);
        assertThat(first.next()).contains("4");
        assertThat(second.items()).extracting(AuditEntry::seq).containsExactly(3L, 2L);
        assertThat(last.items()).extracting(AuditEntry::seq).containsExactly(1L);
        assertThat(last.next()).isEmpty();
    }

    @EachStore
    void listFiltersByOrganizationActorOutcomeAndSeverity(JdbcDatabase db) {
        append(db, T0, givenRecord("usr_a", "org_1", "org.create", Outcome.SUCCESS, Severity.INFO));
        append(db, T0, givenRecord("usr_b", "org_1", "org.create", Outcome.DENIED, Severity.WARNING));
        append(db, T0, givenRecord("usr_a", "org_2", "user.add", Outcome.FAILURE, Severity.HIGH));
        append(db, T0, givenRecord("system.tick"));
        Optional<String> none = Optional.empty();

        assertThat(seqs(db, query(Optional.of("org_1"), none, none, Optional.empty(), Optional.empty())))
                .containsExactly(2L, 1L);
        assertThat(seqs(db, query(none, Optional.of("usr_a"), none, Optional.empty(), Optional.empty())))
                .containsExactly(3L, 1L);
        assertThat(seqs(db, query(none, none, none, Optional.of(Outcome.DENIED), Optional.empty())))
                .containsExactly(2L);
        assertThat(seqs(db, query(none, none, none, Optional.empty(), Optional.of(Severity.HIGH))))
                .containsExactly(3L);
        assertThat(seqs(
                        db,
                        query(Optional.of("org_1"), Optional.of("usr_a"), none, Optional.empty(), Optional.empty())))
                .containsExactly(1L);
        assertThat(seqs(db, AuditQuery.all())).containsExactly(4L, 3L, 2L, 1L);
    }

    @EachStore
    void timeFilterKeepsEntriesFromSinceUntilBeforeUntil(JdbcDatabase db) {
        for (int i = 0; i < 5; i++) {
            append(db, T0.plusSeconds(i), givenRecord("tick"));
        }
        AuditQuery window = new AuditQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(T0.plusSeconds(1)),
                Optional.of(T0.plusSeconds(3)));

        assertThat(seqs(db, window)).containsExactly(3L, 2L);
    }

    @EachStore
    void actionFilterIsExactOrAPrefixWhenItEndsInDotStar(JdbcDatabase db) {
        append(db, T0, givenRecord("org.create"));
        append(db, T0, givenRecord("org.user.add"));
        append(db, T0, givenRecord("org"));
        append(db, T0, givenRecord("organization.create"));
        append(db, T0, givenRecord("a_b.x"));
        append(db, T0, givenRecord("axb.x"));
        append(db, T0, givenRecord("100%.x"));
        append(db, T0, givenRecord("100x.x"));

        assertThat(seqs(db, byAction("org.create"))).containsExactly(1L);
        assertThat(seqs(db, byAction("org.*"))).containsExactly(2L, 1L);
        assertThat(seqs(db, byAction("org.user.*"))).containsExactly(2L);
        assertThat(seqs(db, byAction("org"))).containsExactly(3L);
        assertThat(seqs(db, byAction("a_b.*"))).containsExactly(5L);
        assertThat(seqs(db, byAction("100%.*"))).containsExactly(7L);
        assertThat(seqs(db, byAction("org.cr"))).isEmpty();
    }

    @EachStore
    void malformedCursorIsUntrustedInput(JdbcDatabase db) {
        append(db, T0, givenRecord("tick"));

        for (String cursor : List.of("", "abc", "-1", "0", "01", "1.5", "99999999999999999999", "1 OR 1=1")) {
            assertThatThrownBy(() ->
                            db.read(s -> s.audit().list(AuditQuery.all(), new PageRequest(Optional.of(cursor), 10))))
                    .as("cursor %s", cursor)
                    .isInstanceOf(UntrustedInputException.class)
                    .hasMessageStartingWith("cursor: ");
        }
    }

    @EachStore
    void rangeIsAscendingFromSeqAndLimited(JdbcDatabase db) {
        for (int i = 0; i < 6; i++) {
            append(db, T0, givenRecord("tick"));
        }

        assertThat(db.<List<AuditEntry>>read(s -> s.audit().range(3, 2)))
                .extracting(AuditEntry::seq)
                .containsExactly(3L, 4L);
        assertThat(db.<List<AuditEntry>>read(s -> s.audit().range(5, 100)))
                .extracting(AuditEntry::seq)
                .containsExactly(5L, 6L);
        assertThat(db.<List<AuditEntry>>read(s -> s.audit().range(7, 100))).isEmpty();
    }

    @EachStore
    void appendOutOfSequenceIsRefused(JdbcDatabase db) {
        append(db, T0, givenRecord("tick"));

        assertThatThrownBy(() -> db.inTransaction(s -> {
                    s.audit().lockHead();
                    s.audit().append(AuditChain.next(new ChainHead(5, ChainHead.GENESIS.hash()), T0, givenRecord("x")));
                    return null;
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("seq: 6");
        assertThat(db.<List<AuditEntry>>read(s -> s.audit().range(1, 10))).hasSize(1);
    }

    @EachStore
    void severalAppendsInOneTransactionChain(JdbcDatabase db) {
        AuditLog log = new AuditLog(Clock.fixed(T0, ZoneOffset.UTC));

        List<AuditEntry> appended =
                db.inTransaction(s -> List.of(log.append(s, givenRecord("a")), log.append(s, givenRecord("b"))));

        assertThat(appended).extracting(AuditEntry::seq).containsExactly(1L, 2L);
        assertThat(db.<List<AuditEntry>>read(s -> s.audit().range(1, 10))).containsExactlyElementsOf(appended);
    }

    @EachStore
    void checkpointsAreListedAscendingAndTheLatestIsFound(JdbcDatabase db) {
        AuditCheckpoint c1 = new AuditCheckpoint(1, "a".repeat(64), T0, "eyJ.a.b");
        AuditCheckpoint c9 = new AuditCheckpoint(9, "b".repeat(64), T0.plusSeconds(60), "eyJ.c.d");
        AuditCheckpoint c4 = new AuditCheckpoint(4, "c".repeat(64), T0.plusSeconds(30), "eyJ.e.f");
        db.inTransaction(s -> {
            s.audit().insertCheckpoint(c1);
            s.audit().insertCheckpoint(c9);
            s.audit().insertCheckpoint(c4);
            return null;
        });

        assertThat(db.<List<AuditCheckpoint>>read(s -> s.audit().checkpoints())).containsExactly(c1, c4, c9);
        assertThat(db.<Optional<AuditCheckpoint>>read(s -> s.audit().latestCheckpoint()))
                .contains(c9);
    }

    @EachStore
    void secondCheckpointAtTheSameSeqIsAConflict(JdbcDatabase db) {
        AuditCheckpoint c = new AuditCheckpoint(1, "a".repeat(64), T0, "eyJ.a.b");
        db.inTransaction(s -> {
            s.audit().insertCheckpoint(c);
            return null;
        });

        assertThatThrownBy(() -> db.inTransaction(s -> {
                    s.audit().insertCheckpoint(c);
                    return null;
                }))
                .isInstanceOf(ConflictException.class);
    }
}
