package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.givenRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.audit.AuditChainVerifier;
import io.hallmark.server.audit.AuditEntry;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditVerification;
import io.hallmark.server.audit.ExportedEntry;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

class ConcurrentAuditAppendTest {
    private static final int THREADS = 8;
    private static final int APPENDS_PER_THREAD = 200;

    @EachStore
    void concurrentAppendersGetContiguousSeqsAndAValidChain(JdbcDatabase db) throws Exception {
        AuditLog log = new AuditLog(Clock.systemUTC());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int t = 0; t < THREADS; t++) {
                String action = "thread" + t + ".append";
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                        db.inTransaction(s -> log.append(s, givenRecord(action)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> w : workers) {
                w.get();
            }
        }

        int total = THREADS * APPENDS_PER_THREAD;
        List<AuditEntry> entries = db.read(s -> s.audit().range(1, total + 10));
        assertThat(entries)
                .extracting(AuditEntry::seq)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, total).boxed().toList());
        AuditChainVerifier verifier = new AuditChainVerifier(List.of(), anyEcPublicKey());
        entries.forEach(e -> verifier.accept(ExportedEntry.full(e)));
        AuditVerification verification = verifier.finish();
        assertThat(verification.findings()).isEmpty();
        assertThat(db.inTransaction(s -> s.audit().lockHead()).seq()).isEqualTo(total);
    }

    static PublicKey anyEcPublicKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair().getPublic();
    }
}
