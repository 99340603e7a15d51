package io.hallmark.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The form token check against arbitrary presented values: only the session's own token passes, nothing throws. */
class SessionsProperties {
    private final Sessions sessions = new Sessions(new SessionsTest.Hand());

    @Property(tries = 2000)
    void noOtherStringMatchesTheFormToken(@ForAll String presented) {
        Sessions.Session s = sessions.open(Optional.of("usr_1"));
        assertThat(Sessions.csrfMatches(s, presented)).isEqualTo(presented.equals(s.csrf()));
        sessions.end(s);
    }

    @Property(tries = 2000)
    void anyCookieValueFindsNoSessionButItsOwn(@ForAll String cookie) {
        assertThat(sessions.find(cookie, true)).isInstanceOf(Sessions.None.class);
    }
}
