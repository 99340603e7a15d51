package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.givenRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.server.audit.AuditChainVerifier;
import io.hallmark.server.audit.AuditEntry;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditSealer;
import io.hallmark.server.audit.ExportedEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

class DeferredAuditSealingTest {

    @EachStore
    void recordsWaitUntilSealedAndThenFormAValidChain(JdbcDatabase db) throws Exception {
        AuditLog log = AuditLog.deferred(Clock.systemUTC());
        for (String action : List.of("a.one", "a.two", "a.three")) {
            db.inTransaction(s -> {
                log.record(s, givenRecord(action));
                return null;
            });
        }
        assertThat(db.<List<AuditEntry>>read(s -> s.audit().range(1, 10))).isEmpty();

        assertThat(log.sealPending(db)).isEqualTo(3);

        List<AuditEntry> entries = db.read(s -> s.audit().range(1, 10));
        assertThat(entries).extracting(e -> e.record().action()).containsExactly("a.one", "a.two", "a.three");
        assertValidChain(entries);
        assertThat(log.sealPending(db)).as("nothing left").isZero();
    }

    @EachStore
    void aRolledBackChangeLeavesNoRecordBehind(JdbcDatabase db) {
        AuditLog log = AuditLog.deferred(Clock.systemUTC());
        assertThatThrownBy(() -> db.inTransaction(s -> {
                    log.record(s, givenRecord("doomed"));
                    throw new IllegalStateException("the change fails");
                }))
                .hasMessage("the change fails");

        assertThat(log.sealPending(db)).isZero();
    }

    @EachStore
    void concurrentWritersAndTheSealerLoseNothingAndForkNothing(JdbcDatabase db) throws Exception {
        AuditLog log = AuditLog.deferred(Clock.systemUTC());
        int threads = 4;
        int each = 150;
        CountDownLatch start = new CountDownLatch(1);
        try (AuditSealer sealer = AuditSealer.start(log, db);
                ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String prefix = "t" + t + ".";
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        String action = prefix + i;
                        db.inTransaction(s -> {
                            log.record(s, givenRecord(action));
                            return null;
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> w : workers) {
                w.get();
            }
        } // closing the sealer seals what is left

        int total = threads * each;
        List<AuditEntry> entries = db.read(s -> s.audit().range(1, total + 10));
        assertThat(entries)
                .extracting(AuditEntry::seq)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, total).boxed().toList());
        Set<String> actions = new HashSet<>();
        entries.forEach(e -> actions.add(e.record().action()));
        assertThat(actions).hasSize(total);
        assertValidChain(entries);
    }

    private static void assertValidChain(List<AuditEntry> entries) throws Exception {
        AuditChainVerifier verifier = new AuditChainVerifier(List.of(), ConcurrentAuditAppendTest.anyEcPublicKey());
        entries.forEach(e -> verifier.accept(ExportedEntry.full(e)));
        assertThat(verifier.finish().findings()).isEmpty();
    }
}
