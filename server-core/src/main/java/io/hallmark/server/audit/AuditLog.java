package io.hallmark.server.audit;

import io.hallmark.core.Checks;
import io.hallmark.server.persistence.Stores;
import io.hallmark.server.persistence.Transactor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes audit records into the tamper-evident chain, inside the caller's transaction.
 *
 * <p>Services call {@link #record} with the {@link Stores} of the transaction that makes the change, so the record
 * commits with the change or not at all. How it is chained depends on the mode:
 *
 * <ul>
 *   <li><b>at once</b> ({@link #AuditLog(Clock)}, the embedded store): the chain head is locked, the entry is hashed
 *       onto it and stored; the lock holds until the transaction ends, so appends are serialized and the chain has
 *       no forks. On an embedded database a commit is cheap and this is fastest.
 *   <li><b>deferred</b> ({@link #deferred}, PostgreSQL): the record is stored in a waiting list without any lock, and
 *       {@link #sealPending} chains waiting records in batches, in one transaction each, under the head lock. Holding
 *       the head across every caller's commit would serialize the commits (each an fsync) of the whole platform;
 *       deferring the chaining lets commits proceed in parallel and the sealer pays one commit per batch. A sealer
 *       thread ({@link AuditSealer}) runs continuously, readers seal before they read, and start-up seals what a
 *       crash left waiting, so a committed change never lacks its entry.
 * </ul>
 */
public final class AuditLog {
    /** How many waiting records one sealing transaction chains at most. */
    static final int SEAL_BATCH = 500;

    private final Clock clock;
    private final boolean deferred;
    private final LongAdder appended = new LongAdder();
    private volatile Thread sealer;

    /** Creates a log that chains each record at once; {@code clock} stamps entries. */
    public AuditLog(Clock clock) {
        this(clock, false);
    }

    private AuditLog(Clock clock, boolean deferred) {
        this.clock = Checks.notNull(clock, "clock");
        this.deferred = deferred;
    }

    /** Creates a log whose records wait to be chained by {@link #sealPending}. */
    public static AuditLog deferred(Clock clock) {
        return new AuditLog(clock, true);
    }

    /** Whether records wait for the sealer. */
    public boolean isDeferred() {
        return deferred;
    }

    /** Records {@code record} within the transaction of {@code stores}: chained now, or waiting for the sealer. */
    public void record(Stores stores, AuditRecord record) {
        if (!deferred) {
            append(stores, record);
            return;
        }
        stores.audit().appendPending(clock.instant(), record);
        appended.increment();
        Thread t = sealer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Chains {@code record} after the current head now, within the transaction of {@code stores}. */
    public AuditEntry append(Stores stores, AuditRecord record) {
        AuditStore store = stores.audit();
        ChainHead head = store.lockHead();
        AuditEntry entry = AuditChain.next(head, clock.instant(), record);
        store.append(entry);
        appended.increment();
        return entry;
    }

    /**
     * Chains every waiting record, oldest first, in transactions of at most {@value #SEAL_BATCH}; returns how many.
     * Safe to call from any thread and in either mode (a log that chains at once has nothing waiting, unless the
     * database was used in deferred mode before).
     */
    public int sealPending(Transactor tx) {
        int total = 0;
        while (true) {
            int sealed = tx.inTransaction(s -> {
                AuditStore store = s.audit();
                ChainHead head = store.lockHead();
                List<PendingRecord> waiting = store.pending(SEAL_BATCH);
                List<Long> ids = new ArrayList<>(waiting.size());
                List<AuditEntry> entries = new ArrayList<>(waiting.size());
                for (PendingRecord p : waiting) {
                    AuditEntry entry = AuditChain.next(head, p.time(), p.record());
                    entries.add(entry);
                    head = new ChainHead(entry.seq(), entry.hash());
                    ids.add(p.id());
                }
                store.appendAll(entries);
                store.deletePending(ids);
                return waiting.size();
            });
            total += sealed;
            if (sealed < SEAL_BATCH) {
                return total;
            }
        }
    }

    /** The thread to wake when a record waits; set by {@link AuditSealer}. */
    void sealer(Thread thread) {
        this.sealer = thread;
    }

    /** How many records this process wrote (a metric). */
    public long appendedCount() {
        return appended.sum();
    }
}
