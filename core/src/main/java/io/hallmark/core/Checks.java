package io.hallmark.core;

import java.util.Collection;
import java.util.Objects;

/**
 * Precondition checks with one message shape: {@code name: actual (expected: rule)}.
 *
 * <p>Use for programming errors and validated configuration; what a remote party sends is checked at the boundary
 * and reported with {@link UntrustedInputException}.
 */
public final class Checks {
    private Checks() {}

    /** Returns {@code value} or throws {@link NullPointerException} naming it. */
    public static <T> T notNull(T value, String name) {
        return Objects.requireNonNull(value, () -> name + ": null (expected: a value)");
    }

    /** Returns {@code value} when it holds at least one non-blank character. */
    public static String notBlank(String value, String name) {
        notNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + ": \"" + value + "\" (expected: not blank)");
        }
        return value;
    }

    /** Returns {@code value} when it lies in {@code [min, max]}. */
    public static long inRange(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
        return value;
    }

    /** Returns {@code value} when it is strictly positive. */
    public static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
        return value;
    }

    /** Returns {@code value} when it is not empty. */
    public static <C extends Collection<?>> C notEmpty(C value, String name) {
        notNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + ": [] (expected: at least one element)");
        }
        return value;
    }

    /** Throws when {@code condition} is false, with {@code name: actual (expected: rule)}. */
    public static void check(boolean condition, String name, Object actual, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(name + ": " + actual + " (expected: " + rule + ")");
        }
    }

    /** Throws {@link IllegalStateException} when {@code condition} is false. */
    public static void checkState(boolean condition, String name, Object actual, String rule) {
        if (!condition) {
            throw new IllegalStateException(name + ": " + actual + " (expected: " + rule + ")");
        }
    }
}
