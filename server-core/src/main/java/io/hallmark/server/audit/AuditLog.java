package io.hallmark.server.audit;

import io.hallmark.core.Checks;
import io.hallmark.server.persistence.Stores;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/**
 * Appends entries to the tamper-evident chain, inside the caller's transaction.
 *
 * <p>Call {@link #append} with the {@link Stores} of the transaction that makes the change: the entry commits with
 * the change or not at all. The head is locked until that transaction ends, so appends are serialized and the chain
 * has no forks.
 */
public final class AuditLog {
    private final Clock clock;
    private final LongAdder appended = new LongAdder();

    /** Creates the log; {@code clock} stamps entries. */
    public AuditLog(Clock clock) {
        this.clock = Checks.notNull(clock, "clock");
    }

    /** Appends {@code record} after the current head, within the transaction of {@code stores}. */
    public AuditEntry append(Stores stores, AuditRecord record) {
        AuditStore store = stores.audit();
        ChainHead head = store.lockHead();
        AuditEntry entry = AuditChain.next(head, clock.instant(), record);
        store.append(entry);
        appended.increment();
        return entry;
    }

    /** How many entries this process appended (a metric). */
    public long appendedCount() {
        return appended.sum();
    }
}
