package io.hallmark.server.persistence;

import io.hallmark.core.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Group commit: write transactions of many callers run one after another inside one database transaction on a
 * committer thread, and commit together; each caller waits until its work is committed and gets its own result.
 * Under light load a group holds one work, and the cost is a hand-over between threads; under a burst (a botnet's
 * devices quarantined by the thousand) hundreds of works share one commit.
 *
 * <p>Failure isolation: when a work throws, the whole group is rolled back and each of its works is run again in a
 * transaction of its own, so the one that fails fails alone (with its own exception) and the others commit. Works
 * must therefore be safe to run again, as every transaction is after a rollback. Reads go straight to the wrapped
 * transactor. The queue is bounded: callers wait for room (backpressure), they are never refused.
 */
public final class GroupCommitTransactor implements Transactor, AutoCloseable {
    private final Transactor delegate;
    private final int maxGroup;
    private final BlockingQueue<Pending<?>> queue;
    private final Thread committer;
    private final LongAdder groups = new LongAdder();
    private final LongAdder works = new LongAdder();
    private volatile boolean closed;

    /** Wraps {@code delegate}; at most {@code maxGroup} works share a commit. */
    public GroupCommitTransactor(Transactor delegate, int maxGroup, String name) {
        this.delegate = Checks.notNull(delegate, "delegate");
        this.maxGroup = (int) Checks.inRange(maxGroup, 1, 100_000, "maxGroup");
        this.queue = new ArrayBlockingQueue<>(Math.max(1024, 4 * maxGroup));
        this.committer = new Thread(this::commitLoop, Checks.notBlank(name, "name"));
        committer.setDaemon(true);
        committer.start();
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        Checks.notNull(work, "work");
        Checks.checkState(
                Thread.currentThread() != committer, "transaction", "asked from inside a group", "no nesting");
        Pending<T> p = new Pending<>(work);
        try {
            if (closed) {
                return delegate.inTransaction(work);
            }
            queue.put(p);
            return p.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the commit", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public <T> T read(Work<T> work) {
        return delegate.read(work);
    }

    /** Commits so far. */
    public long groups() {
        return groups.sum();
    }

    /** Works committed so far. */
    public long works() {
        return works.sum();
    }

    /** Stops taking groups once the queue is empty; later callers run in transactions of their own. */
    @Override
    public void close() {
        closed = true;
        committer.interrupt();
        try {
            committer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // anything left behind runs alone
        List<Pending<?>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(this::runAlone);
    }

    private void commitLoop() {
        List<Pending<?>> group = new ArrayList<>(maxGroup);
        while (!closed || !queue.isEmpty()) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            queue.drainTo(group, maxGroup - 1);
            commit(group);
            group.clear();
        }
    }

    private void commit(List<Pending<?>> group) {
        if (group.size() == 1) {
            runAlone(group.get(0));
            return;
        }
        try {
            delegate.inTransaction(s -> {
                for (Pending<?> p : group) {
                    p.run(s);
                }
                return null;
            });
        } catch (RuntimeException | Error e) {
            // one of them failed: each again on its own, so only the failing one fails
            for (Pending<?> p : group) {
                runAlone(p);
            }
            return;
        }
        groups.increment();
        works.add(group.size());
        for (Pending<?> p : group) {
            p.complete();
        }
    }

    private void runAlone(Pending<?> p) {
        try {
            delegate.inTransaction(s -> {
                p.run(s);
                return null;
            });
            groups.increment();
            works.increment();
            p.complete();
        } catch (RuntimeException | Error e) {
            p.result.completeExceptionally(e);
        }
    }

    /** A caller's work and its result once committed. */
    private static final class Pending<T> {
        final Work<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        T value;

        Pending(Work<T> work) {
            this.work = work;
        }

        void run(Stores s) {
            value = work.run(s);
        }

        void complete() {
            result.complete(value);
        }
    }
}
