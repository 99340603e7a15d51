package io.hallmark.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.fleetstats.DayCount;
import io.hallmark.server.fleetstats.FleetHistoryService;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChartsTest {
    private static final long FIRST = LocalDate.of(2026, 11, 13).toEpochDay();
    private static final FleetHistoryService.History HISTORY = new FleetHistoryService.History(
            FIRST,
            FIRST + 13,
            Optional.of(List.of(new DayCount(FIRST, "added", 4), new DayCount(FIRST + 13, "added", 8))),
            Optional.of(
                    List.of(new DayCount(FIRST + 2, "affirming", 3), new DayCount(FIRST + 2, "contraindicated", 1))),
            Optional.empty());

    @Test
    void eachDayIsABarScaledToTheLargestDayAndTheNumbersAreInTheTitlesAndDescription() {
        List<Model.Chart> charts = Charts.of(HISTORY);

        assertThat(charts).extracting(Model.Chart::id).containsExactly("chart-added", "chart-integrity");
        Model.Chart added = charts.getFirst();
        assertThat(added.max()).isEqualTo("8");
        assertThat(added.bars())
                .extracting(Model.Bar::label)
                .containsExactly("2026-11-13: 4 added", "2026-11-26: 8 added");
        assertThat(added.bars()).extracting(Model.Bar::height).containsExactly("45.0", "90.0");
        assertThat(added.desc())
                .isEqualTo("14 days from 2026-11-13 to 2026-11-26: 12 in all (added 12); most on 2026-11-26 (8).");
    }

    @Test
    void statusesOfOneDayStackOnEachOther() {
        Model.Chart integrity = Charts.of(HISTORY).get(1);

        assertThat(integrity.bars()).hasSize(2);
        Model.Bar affirming = integrity.bars().get(0);
        Model.Bar bad = integrity.bars().get(1);
        assertThat(affirming.cls()).isEqualTo("c-good");
        assertThat(bad.cls()).isEqualTo("c-bad");
        assertThat(Double.parseDouble(bad.y()) + Double.parseDouble(bad.height()))
                .isEqualTo(Double.parseDouble(affirming.y()));
        assertThat(integrity.legend())
                .extracting(Model.Pair::value)
                .containsExactly("affirming 3", "warning 0", "contraindicated 1", "none 0");
    }

    @Test
    void aRoleThatMayNotReadAPartGetsNoChartOfIt() {
        assertThat(Charts.of(new FleetHistoryService.History(
                        FIRST, FIRST + 13, Optional.empty(), Optional.empty(), Optional.of(List.of()))))
                .extracting(Model.Chart::desc)
                .containsExactly("14 days from 2026-11-13 to 2026-11-26: 0 in all (alerts 0).");
    }
}
