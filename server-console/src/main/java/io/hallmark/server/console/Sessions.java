package io.hallmark.server.console;

import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sessions, kept in memory on the server (a restart signs everyone out; replicas do not share them). The
 * browser holds only a 256-bit random id in a cookie. A session ends after {@link #IDLE} without a request or
 * {@link #ABSOLUTE} after sign-in, whichever comes first (OWASP Session Management Cheat Sheet). Each session carries
 * its own synchronizer token for forms (CSRF); a session without a user is the one of the sign-in form, and lives
 * {@link #FORM}.
 */
public final class Sessions {
    /** Idle timeout. */
    public static final Duration IDLE = Duration.ofMinutes(30);
    /** Absolute timeout. */
    public static final Duration ABSOLUTE = Duration.ofHours(12);

    /** How long a sign-in form's session lives. */
    public static final Duration FORM = Duration.ofMinutes(15);

    private static final int MAX = 100_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One session.
     *
     * @param id the cookie value
     * @param userId the signed-in user, empty for a sign-in form's session
     * @param tag the short public name of the session (audit entries carry it as the principal's token id)
     * @param csrf the form token
     * @param verification the last audit chain verification shown in this session, if any
     * @param pendingUser a user who gave the right password and still owes a TOTP code (a sign-in form's session)
     */
    public record Session(
            String id,
            Optional<String> userId,
            String tag,
            String csrf,
            Instant created,
            Instant lastSeen,
            Optional<String> verification,
            Optional<String> pendingUser) {}

    /** What a lookup found. */
    public sealed interface Lookup {}

    /** A live session (its idle time now restarted). */
    public record Live(Session session) implements Lookup {}

    /** A session that timed out now (it is gone). */
    public record Expired(Session session) implements Lookup {}

    /** No session. */
    public record None() implements Lookup {}

    private final Clock clock;
    private final ConcurrentHashMap<String, Session> byId = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public Sessions(Clock clock) {
        this.clock = Checks.notNull(clock, "clock");
    }

    /** A new session, for {@code userId} or (empty) for the sign-in form. */
    public Session open(Optional<String> userId) {
        return open(userId, Optional.empty());
    }

    /** A new sign-in form's session for a user who passed the password and must now give a TOTP code. */
    public Session openPending(String userId) {
        return open(Optional.empty(), Optional.of(userId));
    }

    private Session open(Optional<String> userId, Optional<String> pendingUser) {
        Instant now = clock.instant();
        if (byId.size() >= MAX) {
            byId.values().removeIf(s -> !alive(s, now));
        }
        if (byId.size() >= MAX) {
            throw new IllegalStateException("too many console sessions");
        }
        String id = random();
        Session s =
                new Session(id, userId, "cs_" + id.substring(0, 10), random(), now, now, Optional.empty(), pendingUser);
        byId.put(id, s);
        return s;
    }

    /** Finds the session {@code id} and, when live and {@code touch}, restarts its idle time. */
    public Lookup find(String id, boolean touch) {
        if (id == null) {
            return new None();
        }
        Session s = byId.get(id);
        if (s == null) {
            return new None();
        }
        Instant now = clock.instant();
        if (!alive(s, now)) {
            byId.remove(id);
            return new Expired(s);
        }
        if (touch) {
            Session t = new Session(
                    s.id(), s.userId(), s.tag(), s.csrf(), s.created(), now, s.verification(), s.pendingUser());
            byId.replace(id, s, t);
            return new Live(t);
        }
        return new Live(s);
    }

    /** The session {@code s} now signed in as {@code userId}. */
    public Session bind(Session s, String userId) {
        Session b = new Session(
                s.id(),
                Optional.of(userId),
                s.tag(),
                s.csrf(),
                s.created(),
                s.lastSeen(),
                s.verification(),
                Optional.empty());
        byId.put(s.id(), b);
        return b;
    }

    /** Remembers the last chain verification shown. */
    public void remember(Session s, String verification) {
        byId.computeIfPresent(
                s.id(),
                (k, v) -> new Session(
                        v.id(),
                        v.userId(),
                        v.tag(),
                        v.csrf(),
                        v.created(),
                        v.lastSeen(),
                        Optional.of(verification),
                        v.pendingUser()));
    }

    /** Whether {@code session} is still live now, without touching it. */
    public boolean live(Session session) {
        Session s = byId.get(session.id());
        return s != null && alive(s, clock.instant());
    }

    /** Ends a session. */
    public void end(Session s) {
        byId.remove(s.id());
    }

    /** Whether {@code presented} is the session's form token (constant-time). */
    public static boolean csrfMatches(Session s, String presented) {
        if (presented == null || presented.length() != s.csrf().length()) {
            return false;
        }
        return Hashes.constantTimeEquals(
                s.csrf().getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean alive(Session s, Instant now) {
        if (s.userId().isEmpty()) {
            return now.isBefore(s.created().plus(FORM));
        }
        return now.isBefore(s.lastSeen().plus(IDLE)) && now.isBefore(s.created().plus(ABSOLUTE));
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
