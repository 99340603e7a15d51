package io.hallmark.server.access;

import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.persistence.Stores;
import io.hallmark.server.persistence.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API tokens: authentication of every request, and making, listing and revoking tokens.
 *
 * <p>Tokens are 256-bit random secrets (see {@link TokenText}), stored as SHA-256, with an expiry and revocation. A
 * request with a missing, malformed, unknown, expired or revoked token, or a token of a disabled user, is refused
 * with one message, and the refusal with its real reason is audited.
 */
public final class TokenService {
    /** Default token lifetime. */
    public static final int DEFAULT_TTL_DAYS = 90;
    /** Longest token lifetime. */
    public static final int MAX_TTL_DAYS = 365;

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final Clock clock;
    private final java.util.concurrent.ConcurrentHashMap<String, Snapshot> cache =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** How long a token's resolution is reused before the database is read again. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(2);

    private static final int CACHE_MAX = 10_000;

    /** Creates the service. */
    public TokenService(Transactor tx, AuditLog audit, Guard guard, Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.clock = Checks.notNull(clock, "clock");
    }

    /**
     * Establishes who presents {@code bearer}.
     *
     * <p>What a token resolves to (the token, its user and organization, the user's break-glass sessions) is kept
     * for {@link #CACHE_TTL} so that a burst of requests costs one database read; the secret, expiry, revocation,
     * disabled user and break-glass expiry are still decided on every request, and every change this process makes
     * to tokens, users or sessions empties the cache at once. Another replica's change is seen within the TTL.
     *
     * @param route what was requested, for the audit entry of a refusal
     * @throws io.hallmark.server.errors.AuthenticationException when the token is not valid now
     */
    public Principal authenticate(String bearer, String route, String requestId) {
        Optional<TokenText> text = TokenText.parse(bearer);
        if (text.isEmpty()) {
            throw guard.unauthenticated(route, bearer == null ? "no token" : "malformed token", requestId);
        }
        Instant now = clock.instant();
        Snapshot snap = cache.get(text.get().id());
        if (snap == null || !now.isBefore(snap.loadedAt().plus(CACHE_TTL)) || now.isBefore(snap.loadedAt())) {
            snap = tx.read(s -> load(s, text.get().id(), now));
            if (snap.token().isPresent()) {
                if (cache.size() >= CACHE_MAX) {
                    cache.clear();
                }
                cache.put(text.get().id(), snap);
            }
        }
        Resolved r = evaluate(snap, text.get(), now);
        if (r.failure != null) {
            throw guard.unauthenticated(route, r.failure + " (" + text.get().id() + ")", requestId);
        }
        return r.principal;
    }

    /** Forgets every cached token resolution; called after any change to tokens, users or break-glass sessions. */
    void invalidateCache() {
        cache.clear();
    }

    private record Resolved(Principal principal, String failure) {}

    /**
     * What the database says about a token id at one moment; {@code principal} is who the token acts for without
     * break-glass, when token, user and organization exist.
     */
    private record Snapshot(
            Optional<ApiToken> token,
            Optional<User> user,
            Optional<Organization> org,
            List<BreakGlassSession> sessions,
            Instant loadedAt,
            Principal principal) {}

    private static Snapshot load(Stores s, String tokenId, Instant now) {
        Optional<ApiToken> token = s.tokens().findById(tokenId);
        Optional<User> user = token.flatMap(t -> s.users().findById(t.userId()));
        Optional<Organization> org = user.flatMap(u -> s.organizations().findById(u.orgId()));
        List<BreakGlassSession> sessions =
                user.map(u -> s.breakGlass().findActive(u.id(), now)).orElse(List.of());
        if (user.isPresent() && org.isEmpty()) {
            throw new IllegalStateException(
                    "user without organization: " + user.get().id());
        }
        Principal principal = token.isPresent() && user.isPresent()
                ? new Principal(
                        user.get().id(),
                        user.get().name(),
                        org.get().id(),
                        org.get().isPlatform(),
                        user.get().roles(),
                        token.get().id(),
                        Optional.empty())
                : null;
        return new Snapshot(token, user, org, sessions, now, principal);
    }

    private static Resolved evaluate(Snapshot snap, TokenText text, Instant now) {
        // compare even when the token is unknown, so timing does not tell which check failed
        byte[] expected = snap.token().map(ApiToken::secretHash).orElse(new byte[32]);
        boolean secretOk = Hashes.constantTimeEquals(expected, text.secretHash());
        if (snap.token().isEmpty()) {
            return new Resolved(null, "unknown token");
        }
        if (!secretOk) {
            return new Resolved(null, "wrong secret");
        }
        ApiToken t = snap.token().get();
        if (t.revokedAt().isPresent()) {
            return new Resolved(null, "revoked token");
        }
        if (!now.isBefore(t.expiresAt())) {
            return new Resolved(null, "expired token");
        }
        if (snap.user().isEmpty() || snap.user().get().disabled()) {
            return new Resolved(null, "user disabled");
        }
        if (snap.sessions().isEmpty()) {
            return new Resolved(snap.principal(), null);
        }
        User user = snap.user().get();
        Organization org = snap.org().get();
        Set<Role> roles = EnumSet.copyOf(user.roles());
        Optional<String> breakGlass = snap.sessions().stream()
                .filter(b -> b.isActive(now))
                .findFirst()
                .map(BreakGlassSession::id);
        if (breakGlass.isPresent()) {
            roles.add(Role.ADMIN);
        }
        return new Resolved(
                new Principal(user.id(), user.name(), org.id(), org.isPlatform(), roles, t.id(), breakGlass), null);
    }

    /** A new token and its text (shown once). */
    public record Issued(ApiToken token, String text) {
        @Override
        public String toString() {
            return "Issued[" + token + "]";
        }
    }

    /**
     * Makes a token for {@code userId} (the caller when empty); someone else's needs {@link Permission#TOKEN_MANAGE}
     * in that user's organization.
     */
    public Issued create(Caller caller, Optional<String> userId, String name, Optional<Integer> ttlDays) {
        String uid = userId.orElse(caller.principal().userId());
        int days = ttlDays.orElse(DEFAULT_TTL_DAYS);
        if (days < 1 || days > MAX_TTL_DAYS) {
            throw new InvalidRequestException("ttlDays: " + days + " (expected: 1.." + MAX_TTL_DAYS + ")");
        }
        String label = name == null ? "" : name;
        if (label.length() > 100) {
            throw new InvalidRequestException("name: longer than 100 characters");
        }
        User user = tx.read(s -> s.users().findById(uid)).orElseThrow(() -> new NotFoundException("no user " + uid));
        boolean self = uid.equals(caller.principal().userId());
        guard.check(caller, self ? Permission.TOKEN_OWN : Permission.TOKEN_MANAGE, user.orgId(), "token.create", uid);
        if (user.disabled()) {
            throw new InvalidRequestException("user " + uid + " is disabled");
        }
        return tx.inTransaction(s -> {
            Issued issued = issue(s, uid, label, days);
            audit.record(
                    s,
                    caller.success("token.create", user.orgId(), issued.token().id()));
            return issued;
        });
    }

    /** Inserts a token for {@code userId} within the caller's transaction (no authorization: callers decide). */
    Issued issue(Stores s, String userId, String name, int days) {
        TokenText text = TokenText.generate();
        Instant now = clock.instant();
        ApiToken token = new ApiToken(
                text.id(), userId, name, text.secretHash(), now, now.plus(Duration.ofDays(days)), Optional.empty());
        s.tokens().insert(token);
        return new Issued(token, text.text());
    }

    /** Revokes a token: one's own with {@link Permission#TOKEN_OWN}, another's with {@link Permission#TOKEN_MANAGE}. */
    public void revoke(Caller caller, String tokenId) {
        Optional<ApiToken> token = tx.read(s -> s.tokens().findById(tokenId));
        User owner = token.flatMap(t -> tx.read(s -> s.users().findById(t.userId())))
                .orElseThrow(() -> new NotFoundException("no token " + tokenId));
        boolean self = owner.id().equals(caller.principal().userId());
        guard.check(
                caller, self ? Permission.TOKEN_OWN : Permission.TOKEN_MANAGE, owner.orgId(), "token.revoke", tokenId);
        tx.inTransaction(s -> {
            boolean done = s.tokens().revoke(tokenId, clock.instant());
            if (!done) {
                throw new InvalidRequestException("token " + tokenId + " is already revoked");
            }
            audit.record(s, caller.success("token.revoke", owner.orgId(), tokenId));
            return null;
        });
        invalidateCache();
    }

    /** The tokens of {@code userId} (the caller when empty). */
    public List<ApiToken> list(Caller caller, Optional<String> userId) {
        String uid = userId.orElse(caller.principal().userId());
        User user = tx.read(s -> s.users().findById(uid)).orElseThrow(() -> new NotFoundException("no user " + uid));
        boolean self = uid.equals(caller.principal().userId());
        guard.check(caller, self ? Permission.TOKEN_OWN : Permission.TOKEN_MANAGE, user.orgId(), "token.list", uid);
        return tx.read(s -> s.tokens().listByUser(uid));
    }
}
