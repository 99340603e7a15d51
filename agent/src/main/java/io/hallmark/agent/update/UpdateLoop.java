package io.hallmark.agent.update;

import io.hallmark.core.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The agent's scheduled update checks: one check at start, then one at each time of the {@link UpdateSchedule}
 * (interval with jitter). A check that fails ({@code failed} or {@code refused}, or throws) is retried with
 * exponential back-off, {@code retry} doubled after each failure up to the schedule's interval, moved by up to a
 * quarter either way, so a fleet that lost its server does not come back in step; the first good check returns to the
 * schedule. {@link #checkNow()} (a command from the platform) wakes the loop for a check at once.
 *
 * <p>Time comes from {@code clock} and waiting goes through a {@link Waiter}, so tests run the loop on a fake clock.
 */
public final class UpdateLoop {
    /** Waits until an instant, or less when woken. */
    public interface Waiter {
        /**
         * Waits until {@code until} or until {@code wake} has a permit (taken), whichever comes first.
         *
         * @throws InterruptedException when the thread is interrupted
         */
        void await(Instant until, Semaphore wake) throws InterruptedException;
    }

    /** The real waiter: blocks the thread. */
    public static final Waiter SLEEP = (until, wake) -> {
        long millis = Duration.between(Instant.now(), until).toMillis();
        if (millis > 0) {
            wake.tryAcquire(millis, TimeUnit.MILLISECONDS);
        } else {
            wake.tryAcquire();
        }
    };

    private final Supplier<UpdateCheck.Outcome> check;
    private final UpdateSchedule schedule;
    private final Duration retry;
    private final Duration maxRetry;
    private final RandomGenerator random;
    private final Clock clock;
    private final Waiter waiter;
    private final Semaphore wake = new Semaphore(0);
    private int failures;

    /**
     * A loop.
     *
     * @param check one update check ({@link UpdateCheck#run()}, or fetching and running an assignment)
     * @param schedule when checks come while they succeed
     * @param retry the first back-off after a failure, at least one second
     * @param maxRetry the longest back-off
     */
    public UpdateLoop(
            Supplier<UpdateCheck.Outcome> check,
            UpdateSchedule schedule,
            Duration retry,
            Duration maxRetry,
            RandomGenerator random,
            Clock clock,
            Waiter waiter) {
        this.check = Checks.notNull(check, "check");
        this.schedule = Checks.notNull(schedule, "schedule");
        Checks.check(retry.compareTo(Duration.ofSeconds(1)) >= 0, "retry", retry, ">= 1 s");
        Checks.check(maxRetry.compareTo(retry) >= 0, "maxRetry", maxRetry, ">= retry");
        this.retry = retry;
        this.maxRetry = maxRetry;
        this.random = Checks.notNull(random, "random");
        this.clock = Checks.notNull(clock, "clock");
        this.waiter = Checks.notNull(waiter, "waiter");
    }

    /** Asks for a check at once (a command from the platform); the waiting loop wakes. */
    public void checkNow() {
        wake.release();
    }

    /** How many checks in a row failed. */
    public int failures() {
        return failures;
    }

    /**
     * Runs one check now and returns when the next one is due: the schedule's next time after a good check, a back-off
     * after a failed one.
     */
    public Instant step() {
        Instant now = clock.instant();
        boolean ok;
        try {
            UpdateCheck.Outcome o = check.get();
            ok = !o.result().equals("failed") && !o.result().equals("refused");
        } catch (RuntimeException e) {
            ok = false;
        }
        if (ok) {
            failures = 0;
            return schedule.next(now);
        }
        failures++;
        return now.plus(backoff(failures));
    }

    /** The back-off after {@code n} failures in a row: {@code retry * 2^(n-1)}, at most {@code maxRetry}, ±25 %. */
    Duration backoff(int n) {
        long base = retry.toMillis();
        long millis = n > 30 ? maxRetry.toMillis() : Math.min(maxRetry.toMillis(), base << (n - 1));
        double factor = 1 + 0.25 * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(base / 2, Math.round(millis * factor)));
    }

    /**
     * Checks, waits, checks again, {@code checks} times (or forever when negative); returns when done or interrupted.
     */
    public void run(int checks) {
        for (int i = 0; checks < 0 || i < checks; i++) {
            Instant next = step();
            if (checks >= 0 && i == checks - 1) {
                return;
            }
            try {
                waiter.await(next, wake);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
