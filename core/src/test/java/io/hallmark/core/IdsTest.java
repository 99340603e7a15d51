package io.hallmark.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void anOrderedIdHasTheShapeOfAnyIdAndSortsByItsTime() {
        Instant t = Instant.parse("2026-11-26T20:00:00Z");
        String earlier = Ids.newOrderedId("att", t);
        String later = Ids.newOrderedId("att", t.plusMillis(1));
        String muchLater = Ids.newOrderedId("att", Instant.parse("2999-12-31T23:59:59.999Z"));

        assertThat(Ids.isId(earlier, "att")).isTrue();
        assertThat(Ids.isId(muchLater, "att")).isTrue();
        assertThat(earlier).isLessThan(later);
        assertThat(later).isLessThan(muchLater);
        assertThat(later.substring(4, 13)).isNotEqualTo(earlier.substring(4, 13));
    }

    @Test
    void orderedIdsOfOneMillisecondDifferByTheirRandomPart() {
        Instant t = Instant.parse("2026-11-26T20:00:00Z");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ids.newOrderedId("att", t));
        }
        assertThat(ids).hasSize(10_000).allSatisfy(id -> assertThat(id)
                .startsWith(ids.iterator().next().substring(0, 13)));
    }
}
