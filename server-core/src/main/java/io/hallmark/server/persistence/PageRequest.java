package io.hallmark.server.persistence;

import io.hallmark.core.Checks;
import java.util.Optional;

/**
 * Which page to read: after the cursor (exclusive), at most {@code limit} items. Stores fetch {@code limit + 1} rows
 * so that {@link Page#of} can tell whether more exist.
 *
 * @param after the cursor returned with the previous page, or empty for the first page
 * @param limit how many items, 1..500
 */
public record PageRequest(Optional<String> after, int limit) {
    /** The largest page a caller may ask for. */
    public static final int MAX_LIMIT = 500;

    /** Checks the limit. */
    public PageRequest {
        Checks.notNull(after, "after");
        Checks.inRange(limit, 1, MAX_LIMIT, "limit");
    }

    /** The first page of {@code limit} items. */
    public static PageRequest first(int limit) {
        return new PageRequest(Optional.empty(), limit);
    }
}
