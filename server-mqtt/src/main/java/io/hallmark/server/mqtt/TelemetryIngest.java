package io.hallmark.server.mqtt;

import io.hallmark.core.Checks;
import io.hallmark.protocol.telemetry.TelemetryException;
import io.hallmark.server.behaviour.TelemetryService;
import io.hallmark.server.errors.AccessDeniedException;
import io.hallmark.server.errors.AuthenticationException;
import io.hallmark.server.errors.TooManyRequestsException;
import io.hallmark.server.identity.Device;
import io.hallmark.server.persistence.ConflictException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
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
 * The bounded queues between a broker and the {@link TelemetryService}, one per worker thread, devices sharded over
 * them by serial (a single writer per shard: a device's reports are judged in arrival order by one thread): a broker
 * offers each report with a callback, the shard's worker takes them in order and call the callback with the outcome once the report is taken or refused, so a
 * QoS 1 acknowledgement can wait for it and nothing is lost silently. A full queue refuses at once ({@link #offer})
 * or makes the caller wait ({@link #put}); either way what is turned away is counted by {@link Drop} reason.
 */
final class TelemetryIngest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryIngest.class);
    private static final Job STOP = new Job(null, new byte[0], r -> {});

    private final TelemetryService telemetry;
    /** One queue per worker; a device's reports all go to one (by its serial): a single writer per shard. */
    private final List<BlockingQueue<Job>> queues = new ArrayList<>();

    private final List<Thread> workers = new ArrayList<>();
    private final Map<Drop, LongAdder> drops = new EnumMap<>(Drop.class);
    private final LongAdder received = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private volatile boolean closed;

    private record Job(Device device, byte[] payload, Consumer<Optional<Drop>> done) {}

    TelemetryIngest(TelemetryService telemetry, int capacity, int workerCount) {
        this.telemetry = Checks.notNull(telemetry, "telemetry");
        Checks.inRange(capacity, 1, 10_000_000, "mqtt.queue-size");
        Checks.inRange(workerCount, 1, 64, "workers");
        for (Drop d : Drop.values()) {
            drops.put(d, new LongAdder());
        }
        for (int i = 0; i < workerCount; i++) {
            // the capacity is shared out; every shard holds at least one report
            BlockingQueue<Job> queue = new ArrayBlockingQueue<>(
                    Math.max(1, capacity / workerCount + (i < capacity % workerCount ? 1 : 0)));
            queues.add(queue);
            Thread t = new Thread(() -> work(queue), "hallmark-mqtt-ingest-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    /**
     * Queues a report of {@code device} if there is room; {@code done} hears empty when it was taken, else why not.
     *
     * @return false when the queue is full (counted as {@link Drop#QUEUE_FULL}; {@code done} is not called)
     */
    boolean offer(Device device, byte[] payload, Consumer<Optional<Drop>> done) {
        received.increment();
        if (closed || !shardOf(device).offer(new Job(device, payload, done))) {
            count(Drop.QUEUE_FULL);
            return false;
        }
        return true;
    }

    /**
     * Queues a report, waiting up to {@code waitMillis} for room: backpressure onto a broker that holds its
     * acknowledgements until then.
     *
     * @return false when there was no room in time (counted as {@link Drop#QUEUE_FULL}; {@code done} is not called)
     */
    boolean put(Device device, byte[] payload, Consumer<Optional<Drop>> done, long waitMillis) {
        received.increment();
        try {
            if (!closed && shardOf(device).offer(new Job(device, payload, done), waitMillis, TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        count(Drop.QUEUE_FULL);
        return false;
    }

    /** Counts a message or client turned away before it reached the queue. */
    void count(Drop reason) {
        drops.get(reason).increment();
    }

    /** How many were turned away for {@code reason} since start. */
    long dropped(Drop reason) {
        return drops.get(reason).sum();
    }

    /** How many messages reached ingestion since start. */
    long received() {
        return received.sum();
    }

    /** How many reports were taken since start. */
    long accepted() {
        return accepted.sum();
    }

    /** How many reports wait in the queue now. */
    int depth() {
        int n = 0;
        for (BlockingQueue<Job> q : queues) {
            n += q.size();
        }
        return n;
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
            Optional<Drop> outcome = take(job);
            outcome.ifPresentOrElse(this::count, accepted::increment);
            try {
                job.done().accept(outcome);
            } catch (RuntimeException e) {
                LOG.warn("mqtt: acknowledging a report failed: {}", e.toString());
            }
        }
    }

    private Optional<Drop> take(Job job) {
        try {
            telemetry.accept(job.device(), job.payload());
            return Optional.empty();
        } catch (TelemetryException e) {
            return Optional.of(e.reason().equals("telemetry.device.mismatch") ? Drop.SPOOFED : Drop.MALFORMED);
        } catch (ConflictException e) {
            return Optional.of(Drop.DUPLICATE);
        } catch (TooManyRequestsException e) {
            return Optional.of(Drop.RATE_LIMITED);
        } catch (AccessDeniedException | AuthenticationException e) {
            return Optional.of(Drop.REFUSED);
        } catch (RuntimeException e) {
            LOG.error("mqtt: a report could not be taken", e);
            return Optional.of(Drop.FAILED);
        }
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
