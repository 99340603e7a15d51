package io.hallmark.server.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RolloutWindowTest {

    private static Instant at(String time) {
        return Instant.parse("2026-05-01T" + time + ":00Z");
    }

    @Test
    void insideTheWindowThereIsNoWaitAndBeforeItTheWaitEndsWhenItOpens() {
        assertThat(RolloutDelivery.untilWindow("01:00-05:00", at("03:00"))).isZero();
        assertThat(RolloutDelivery.untilWindow("01:00-05:00", at("00:30"))).isEqualTo(1800);
        assertThat(RolloutDelivery.untilWindow("01:00-05:00", at("05:00"))).isEqualTo(20 * 3600);
    }

    @Test
    void aWindowOverMidnightWrapsAndEqualEndsMeanAllDay() {
        assertThat(RolloutDelivery.untilWindow("22:00-02:00", at("23:30"))).isZero();
        assertThat(RolloutDelivery.untilWindow("22:00-02:00", at("01:59"))).isZero();
        assertThat(RolloutDelivery.untilWindow("22:00-02:00", at("12:00"))).isEqualTo(10 * 3600);
        assertThat(RolloutDelivery.untilWindow("04:00-04:00", at("12:00"))).isZero();
    }
}
