package io.hallmark.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionsTest {
    /** A clock the test moves. */
    static final class Hand extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Hand clock = new Hand();
    private final Sessions sessions = new Sessions(clock);

    @Test
    void aSessionUsedWithinTheIdleTimeStaysLiveUntilTheAbsoluteTimeout() {
        Sessions.Session s = sessions.open(Optional.of("usr_1"));
        for (int i = 0; i < 24; i++) { // 24 x 29 min = 11 h 36 min
            clock.advance(Duration.ofMinutes(29));
            assertThat(sessions.find(s.id(), true)).isInstanceOf(Sessions.Live.class);
        }
        clock.advance(Duration.ofMinutes(29)); // 12 h 5 min after sign-in
        assertThat(sessions.find(s.id(), true)).isInstanceOf(Sessions.Expired.class);
        assertThat(sessions.find(s.id(), true)).isInstanceOf(Sessions.None.class);
    }

    @Test
    void aSessionIdleForThirtyMinutesExpires() {
        Sessions.Session s = sessions.open(Optional.of("usr_1"));
        clock.advance(Sessions.IDLE);
        assertThat(sessions.find(s.id(), true)).isInstanceOf(Sessions.Expired.class);
    }

    @Test
    void lookingWithoutTouchingDoesNotExtendTheIdleTime() {
        Sessions.Session s = sessions.open(Optional.of("usr_1"));
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.find(s.id(), false)).isInstanceOf(Sessions.Live.class);
        clock.advance(Duration.ofMinutes(10));
        assertThat(sessions.live(s)).isFalse();
    }

    @Test
    void theFormTokenMatchesOnlyItsOwnSession() {
        Sessions.Session a = sessions.open(Optional.of("usr_1"));
        Sessions.Session b = sessions.open(Optional.of("usr_1"));
        assertThat(Sessions.csrfMatches(a, a.csrf())).isTrue();
        assertThat(Sessions.csrfMatches(a, b.csrf())).isFalse();
        assertThat(Sessions.csrfMatches(a, null)).isFalse();
        assertThat(Sessions.csrfMatches(a, "")).isFalse();
        assertThat(a.id()).isNotEqualTo(b.id()).hasSize(43);
    }

    @Test
    void anEndedSessionIsGone() {
        Sessions.Session s = sessions.open(Optional.of("usr_1"));
        sessions.end(s);
        assertThat(sessions.find(s.id(), true)).isInstanceOf(Sessions.None.class);
        assertThat(sessions.find(null, true)).isInstanceOf(Sessions.None.class);
    }

    @Test
    void bindingKeepsTheIdAndTokenAndSetsTheUser() {
        Sessions.Session form = sessions.open(Optional.empty());
        Sessions.Session signed = sessions.bind(form, "usr_2");
        assertThat(signed.id()).isEqualTo(form.id());
        assertThat(signed.userId()).contains("usr_2");
        assertThat(sessions.find(form.id(), false)).isEqualTo(new Sessions.Live(signed));
    }

    @Test
    void aSignInFormsSessionLivesFifteenMinutes() {
        Sessions.Session form = sessions.open(Optional.empty());
        clock.advance(Sessions.FORM.minusSeconds(1));
        assertThat(sessions.find(form.id(), true)).isInstanceOf(Sessions.Live.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.find(form.id(), true)).isInstanceOf(Sessions.Expired.class);
    }
}
