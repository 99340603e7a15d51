package io.hallmark.server.behaviour.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetCorrelatorTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private static final String VICTIM = "203.0.113.9:80/tcp";

    private final FleetCorrelator correlator = new FleetCorrelator(10, Duration.ofSeconds(30), 1000);

    @Test
    void tenDevicesTowardOneDestinationOpenOneIncidentWithAllOfThem() {
        for (int i = 0; i < 9; i++) {
            assertThat(correlator.observe("owner", VICTIM, "d" + i, T0.plusSeconds(i)))
                    .isEmpty();
        }
        Optional<FleetCorrelator.Correlation> opened = correlator.observe("owner", VICTIM, "d9", T0.plusSeconds(9));

        assertThat(opened).hasValueSatisfying(c -> {
            assertThat(c.opened()).isTrue();
            assertThat(c.devices()).hasSize(10).contains("d0", "d9");
            assertThat(c.since()).isEqualTo(T0);
            assertThat(c.destination()).isEqualTo(VICTIM);
        });
        assertThat(correlator.observe("owner", VICTIM, "d10", T0.plusSeconds(10)))
                .hasValueSatisfying(c -> {
                    assertThat(c.opened()).isFalse();
                    assertThat(c.devices()).containsExactly("d10");
                });
    }

    @Test
    void oneDeviceRepeatingItselfIsNotAFleet() {
        for (int i = 0; i < 50; i++) {
            assertThat(correlator.observe("owner", VICTIM, "d1", T0.plusMillis(100L * i)))
                    .isEmpty();
        }
    }

    @Test
    void devicesOfDifferentOwnersAreNotCorrelated() {
        // nine of each: ten devices in all, but no owner has ten
        for (int i = 0; i < 18; i++) {
            assertThat(correlator.observe("owner" + (i % 2 == 0 ? "A" : "B"), VICTIM, "d" + i, T0))
                    .isEmpty();
        }
    }

    @Test
    void devicesOutsideTheWindowDoNotCount() {
        for (int i = 0; i < 9; i++) {
            correlator.observe("owner", VICTIM, "d" + i, T0.plusSeconds(i));
        }
        assertThat(correlator.observe("owner", VICTIM, "d9", T0.plusSeconds(60)))
                .isEmpty();
    }

    @Test
    void aNewWaveAfterAQuietWindowIsANewIncident() {
        for (int i = 0; i < 10; i++) {
            correlator.observe("owner", VICTIM, "d" + i, T0);
        }
        Instant later = T0.plusSeconds(120);
        for (int i = 0; i < 9; i++) {
            assertThat(correlator.observe("owner", VICTIM, "e" + i, later)).isEmpty();
        }
        assertThat(correlator.observe("owner", VICTIM, "e9", later))
                .hasValueSatisfying(c -> assertThat(c.opened()).isTrue());
    }

    @Test
    void followedDestinationsAreBoundedAndTheOverflowIsCounted() {
        FleetCorrelator small = new FleetCorrelator(2, Duration.ofSeconds(30), 3);
        for (int i = 0; i < 5; i++) {
            small.observe("owner", "h" + i + ":80/tcp", "d", T0);
        }
        assertThat(small.tracked()).isEqualTo(3);
        assertThat(small.untracked()).isEqualTo(2);
        // once the old ones are idle for a window they make room
        assertThat(small.observe("owner", "late:80/tcp", "d", T0.plusSeconds(31)))
                .isEmpty();
        assertThat(small.tracked()).isEqualTo(1);
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new FleetCorrelator(1, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minDevices");
        assertThatThrownBy(() -> new FleetCorrelator(2, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
    }
}
