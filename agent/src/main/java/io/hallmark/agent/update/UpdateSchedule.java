package io.hallmark.agent.update;

import io.hallmark.core.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When a device checks for updates next: every {@code interval}, moved by a random jitter of up to {@code jitter}
 * of the interval either way, so that a fleet switched on together does not poll the repository in step.
 */
public final class UpdateSchedule {
    private final Duration interval;
    private final double jitter;
    private final RandomGenerator random;

    /**
     * A schedule.
     *
     * @param interval the mean time between checks, at least one minute
     * @param jitter the share of the interval a check may move either way, 0 to 0.5
     * @param random the source of the jitter (injected: tests fix it)
     */
    public UpdateSchedule(Duration interval, double jitter, RandomGenerator random) {
        Checks.check(interval.compareTo(Duration.ofMinutes(1)) >= 0, "interval", interval, ">= 1 minute");
        Checks.check(jitter >= 0 && jitter <= 0.5, "jitter", jitter, "0..0.5");
        this.interval = interval;
        this.jitter = jitter;
        this.random = Checks.notNull(random, "random");
    }

    /** The time of the check after one at {@code last}. */
    public Instant next(Instant last) {
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return last.plusMillis(Math.round(interval.toMillis() * factor));
    }
}
