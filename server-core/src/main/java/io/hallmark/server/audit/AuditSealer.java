package io.hallmark.server.audit;

import io.hallmark.core.Checks;
import io.hallmark.server.persistence.Transactor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that chains waiting audit records when the log is {@link AuditLog#deferred deferred}: woken by every
 * record, and at least every {@value #IDLE_MILLIS} ms (a record's notice may come before its commit is visible).
 * Closing it seals what is left.
 */
public final class AuditSealer implements AutoCloseable {
    static final long IDLE_MILLIS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(AuditSealer.class);

    private final AuditLog log;
    private final Transactor tx;
    private final Thread thread;
    private volatile boolean running = true;

    private AuditSealer(AuditLog log, Transactor tx) {
        this.log = log;
        this.tx = tx;
        this.thread =
                Thread.ofPlatform().name("hallmark-audit-sealer").daemon(true).unstarted(this::run);
    }

    /** Starts sealing the waiting records of {@code log}. */
    public static AuditSealer start(AuditLog log, Transactor tx) {
        Checks.notNull(log, "log");
        Checks.notNull(tx, "tx");
        AuditSealer s = new AuditSealer(log, tx);
        log.sealer(s.thread);
        s.thread.start();
        return s;
    }

    private void run() {
        while (running) {
            try {
                if (log.sealPending(tx) == 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
                }
            } catch (RuntimeException e) {
                LOG.warn("audit sealing failed; retrying: {}", e.toString());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.sealer(null);
        log.sealPending(tx);
    }
}
