package io.hallmark.server.persistence;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing and the cursor of the next, if there is one.
 *
 * @param items the items of this page, in listing order
 * @param next an opaque cursor for the page after this one; empty on the last page
 */
public record Page<T>(List<T> items, Optional<String> next) {
    /** Makes a page from up to {@code limit + 1} rows: the extra row only tells that more exist. */
    public static <T> Page<T> of(List<T> rows, int limit, java.util.function.Function<T, String> cursorOf) {
        if (rows.size() > limit) {
            List<T> items = List.copyOf(rows.subList(0, limit));
            return new Page<>(items, Optional.of(cursorOf.apply(items.get(limit - 1))));
        }
        return new Page<>(List.copyOf(rows), Optional.empty());
    }
}
