package io.hallmark.protocol.v1;

import java.util.List;

/**
 * One page of a list; pass {@code nextCursor} as {@code ?cursor=} to get the next page.
 *
 * @param nextCursor null on the last page
 */
public record PageView<T>(List<T> items, String nextCursor) {}
