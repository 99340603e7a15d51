package io.hallmark.server.behaviour;

import io.hallmark.core.Checks;
import io.hallmark.protocol.telemetry.TelemetryException;
import io.hallmark.server.errors.AccessDeniedException;
import io.hallmark.server.errors.AuthenticationException;
import io.hallmark.server.errors.TooManyRequestsException;
import io.hallmark.server.identity.Device;
import io.hallmark.server.persistence.ConflictException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way telemetry reports reach the {@link TelemetryService}, whatever their transport (HTTPS or MQTT): bounded
 * queues, one per worker thread, devices sharded over them by serial. A device's reports all go to one shard, so one
 * thread judges them in arrival order and is the single writer of that device's detector state.
 *
 * <p>A transport offers each report with a callback; the shard's worker takes it and calls the callback with the
 * {@link Outcome} once the report is taken or refused, so that an MQTT acknowledgement or an HTTPS answer can wait for
 * it and nothing is lost silently. A full queue refuses at once ({@link #offer}) or makes the caller wait a bounded
 * time ({@link #put}): backpressure. Whatever is turned away is counted by transport and {@link Drop} reason.
 */
public final class TelemetryIngest implements AutoCloseable {
    /** Worker threads (shards) by default: one per core of the reference machine. */
    public static final int DEFAULT_SHARDS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryIngest.class);
    private static final Job STOP = new Job(Transport.HTTPS, null, new byte[0], r -> {});

    /** How a report arrived. */
    public enum Transport {
        /** {@code POST /telemetry/v1} on the device port. */
        HTTPS,
        /** A publish to {@code hallmark/d/{serial}/telemetry}, embedded or external broker. */
        MQTT;

        /** The label value on {@code /metrics}: lower case. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How a queued report ended.
     *
     * @param drop empty when the report was taken, else why not
     * @param refusal the service's refusal when it refused the report (its message is safe to return to the device)
     */
    public record Outcome(Optional<Drop> drop, Optional<RuntimeException> refusal) {
        static final Outcome TAKEN = new Outcome(Optional.empty(), Optional.empty());

        /** Checks the fields. */
        public Outcome {
            Checks.notNull(drop, "drop");
            Checks.notNull(refusal, "refusal");
        }

        /** Whether the report was taken. */
        public boolean taken() {
            return drop.isEmpty();
        }
    }

    /** What judges one report (the {@link TelemetryService}); throws its refusals. */
    @FunctionalInterface
    public interface Taker {
        /** Takes the report {@code payload} of {@code device}, or throws why not. */
        void take(Device device, byte[] payload);
    }

    private record Job(Transport transport, Device device, byte[] payload, Consumer<Outcome> done) {}

    private final Taker taker;
    /** One queue per worker; a device's reports all go to one (by its serial): a single writer per shard. */
    private final List<BlockingQueue<Job>> queues = new ArrayList<>();

    private final List<Thread> workers = new ArrayList<>();
    private final Map<Transport, Map<Drop, LongAdder>> drops = new EnumMap<>(Transport.class);
    private final Map<Transport, LongAdder> received = new EnumMap<>(Transport.class);
    private final Map<Transport, LongAdder> accepted = new EnumMap<>(Transport.class);
    private volatile boolean closed;

    /**
     * Starts {@code shards} worker threads feeding {@code telemetry}.
     *
     * @param capacity reports that may wait in all queues together (shared out over the shards)
     */
    public TelemetryIngest(TelemetryService telemetry, int capacity, int shards) {
        this(Checks.notNull(telemetry, "telemetry")::accept, capacity, shards);
    }

    /** Starts {@code shards} worker threads feeding {@code taker} (what the service does, in tests). */
    public TelemetryIngest(Taker taker, int capacity, int shards) {
        this.taker = Checks.notNull(taker, "taker");
        Checks.inRange(capacity, 1, 10_000_000, "queue size");
        Checks.inRange(shards, 1, 64, "shards");
        for (Transport t : Transport.values()) {
            Map<Drop, LongAdder> byReason = new EnumMap<>(Drop.class);
            for (Drop d : Drop.values()) {
                byReason.put(d, new LongAdder());
            }
            drops.put(t, byReason);
            received.put(t, new LongAdder());
            accepted.put(t, new LongAdder());
        }
        for (int i = 0; i < shards; i++) {
            // the capacity is shared out; every shard holds at least one report
            BlockingQueue<Job> queue =
                    new ArrayBlockingQueue<>(Math.max(1, capacity / shards + (i < capacity % shards ? 1 : 0)));
            queues.add(queue);
            Thread t = new Thread(() -> work(queue), "hallmark-telemetry-shard-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    /**
     * Queues a report of {@code device} if there is room; {@code done} hears how it ended, from the shard's worker.
     *
     * @return false when the queue is full (counted as {@link Drop#QUEUE_FULL}; {@code done} is not called)
     */
    public boolean offer(Transport transport, Device device, byte[] payload, Consumer<Outcome> done) {
        received.get(transport).increment();
        if (closed || !shardOf(device).offer(new Job(transport, device, payload, done))) {
            count(transport, Drop.QUEUE_FULL);
            return false;
        }
        return true;
    }

    /**
     * Queues a report, waiting up to {@code waitMillis} for room: backpressure onto a transport that holds its answer
     * until then.
     *
     * @return false when there was no room in time (counted as {@link Drop#QUEUE_FULL}; {@code done} is not called)
     */
    public boolean put(Transport transport, Device device, byte[] payload, Consumer<Outcome> done, long waitMillis) {
        received.get(transport).increment();
        try {
            if (!closed
                    && shardOf(device)
                            .offer(new Job(transport, device, payload, done), waitMillis, TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        count(transport, Drop.QUEUE_FULL);
        return false;
    }

    /** Counts a report, message or client of {@code transport} turned away before it reached the queue. */
    public void count(Transport transport, Drop reason) {
        drops.get(transport).get(reason).increment();
    }

    /** How many of {@code transport} were turned away for {@code reason} since start. */
    public long dropped(Transport transport, Drop reason) {
        return drops.get(transport).get(reason).sum();
    }

    /** How many reports of {@code transport} reached ingestion since start. */
    public long received(Transport transport) {
        return received.get(transport).sum();
    }

    /** How many reports of {@code transport} were taken since start. */
    public long accepted(Transport transport) {
        return accepted.get(transport).sum();
    }

    /** How many reports wait in the queues now. */
    public int depth() {
        int n = 0;
        for (BlockingQueue<Job> q : queues) {
            n += q.size();
        }
        return n;
    }

    /** How many shards (worker threads) there are. */
    public int shards() {
        return queues.size();
    }

    /**
     * The queue of {@code device}'s shard: the same for all its reports, so one worker judges them in order and the
     * detector state of a device is only ever written by that worker.
     */
    private BlockingQueue<Job> shardOf(Device device) {
        return queues.get((device.serial().hashCode() & 0x7fffffff) % queues.size());
    }

    private void work(BlockingQueue<Job> queue) {
        while (true) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == STOP) {
                return;
            }
            Outcome outcome = take(job);
            outcome.drop().ifPresentOrElse(d -> count(job.transport(), d), accepted.get(job.transport())::increment);
            try {
                job.done().accept(outcome);
            } catch (RuntimeException e) {
                LOG.warn(
                        "telemetry: answering a {} report failed: {}",
                        job.transport().label(),
                        e.toString());
            }
        }
    }

    private Outcome take(Job job) {
        try {
            taker.take(job.device(), job.payload());
            return Outcome.TAKEN;
        } catch (TelemetryException e) {
            return refused(e.reason().equals("telemetry.device.mismatch") ? Drop.SPOOFED : Drop.MALFORMED, e);
        } catch (ConflictException e) {
            return refused(Drop.DUPLICATE, e);
        } catch (TooManyRequestsException e) {
            return refused(Drop.RATE_LIMITED, e);
        } catch (AccessDeniedException | AuthenticationException e) {
            return refused(Drop.REFUSED, e);
        } catch (RuntimeException e) {
            LOG.error(
                    "telemetry: a {} report could not be taken", job.transport().label(), e);
            return refused(Drop.FAILED, e);
        }
    }

    private static Outcome refused(Drop reason, RuntimeException e) {
        return new Outcome(Optional.of(reason), Optional.of(e));
    }

    /** Stops the workers after the reports already queued; what is offered from now on is refused. */
    @Override
    public void close() {
        closed = true;
        for (BlockingQueue<Job> queue : queues) {
            try {
                queue.put(STOP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Thread t : workers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
