package io.hallmark.store.jdbc;

import io.hallmark.server.errors.UnavailableException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded H2 database's one writer at a time: write transactions, from their first statement through their
 * commit, and the compactor's rewrites hold it (why: {@link JdbcDatabase}). A caller waits at most as long as H2
 * waits for a row lock, then gets a 503: a writer stuck for that long is a fault, not load.
 */
final class H2Writer {
    /** As H2's {@code LOCK_TIMEOUT}. */
    static final long WAIT_MILLIS = 10_000;

    private final ReentrantLock lock = new ReentrantLock();

    /** Waits for the writer's turn. */
    void acquire() {
        boolean got;
        try {
            got = lock.tryLock(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting to write to the embedded store");
        }
        if (!got) {
            throw new UnavailableException("the embedded store is busy with another write; try again");
        }
    }

    /** Takes the writer's turn only if it is free now. */
    boolean tryAcquire() {
        return lock.tryLock();
    }

    /** Ends the turn. */
    void release() {
        lock.unlock();
    }
}
