package io.hallmark.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {
    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    private static final X509Certificate NINETY_DAYS = new TestCa("Owner")
            .issue(IdentityStore.generateP256().getPublic(), "SERIALNUMBER=SN-1", ISSUED, Duration.ofDays(90));

    @Test
    void dueOnceLessThanAThirdOfTheValidityRemains() {
        RenewalSchedule schedule = new RenewalSchedule(Optional.empty());
        assertThat(schedule.renewAt(NINETY_DAYS)).isEqualTo(ISSUED.plus(Duration.ofDays(60)));
        assertThat(schedule.isDue(NINETY_DAYS, ISSUED.plus(Duration.ofDays(60)).minusSeconds(1)))
                .isFalse();
        assertThat(schedule.isDue(NINETY_DAYS, ISSUED.plus(Duration.ofDays(60))))
                .isTrue();
        assertThat(schedule.isDue(NINETY_DAYS, ISSUED.plus(Duration.ofDays(100))))
                .isTrue();
        assertThat(schedule.isDue(NINETY_DAYS, ISSUED)).isFalse();
    }

    @Test
    void configuredThresholdReplacesTheThird() {
        RenewalSchedule schedule = new RenewalSchedule(Optional.of(Duration.ofDays(7)));
        assertThat(schedule.renewAt(NINETY_DAYS)).isEqualTo(ISSUED.plus(Duration.ofDays(83)));
        assertThat(schedule.isDue(NINETY_DAYS, ISSUED.plus(Duration.ofDays(82))))
                .isFalse();
        assertThat(schedule.isDue(NINETY_DAYS, ISSUED.plus(Duration.ofDays(83))))
                .isTrue();
    }

    @Test
    void thresholdMustBePositive() {
        assertThatThrownBy(() -> new RenewalSchedule(Optional.of(Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: > 0");
    }
}
