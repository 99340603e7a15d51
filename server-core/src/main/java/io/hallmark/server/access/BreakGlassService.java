package io.hallmark.server.access;

import io.hallmark.core.Checks;
import io.hallmark.core.Ids;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.events.EventBus;
import io.hallmark.server.events.SecurityEvent;
import io.hallmark.server.persistence.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Break-glass: a security officer takes the admin role of their organization for at most an hour, with a reason.
 *
 * <p>Starting writes a {@link Severity#HIGH} audit entry and raises a {@link SecurityEvent}; every action taken
 * under the session carries its id in the audit log; the session ends by itself at its expiry (the sweeper records
 * the end), or earlier when the holder or an administrator ends it. Someone other than the holder reviews it
 * afterwards.
 */
public final class BreakGlassService {
    /** The longest session. */
    public static final int MAX_MINUTES = 60;

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final EventBus events;
    private final Clock clock;
    private final TokenService tokens;

    /** Creates the service; {@code tokens} is told when sessions change, so that rights follow at once. */
    public BreakGlassService(
            Transactor tx, AuditLog audit, Guard guard, EventBus events, Clock clock, TokenService tokens) {
        this.tokens = Checks.notNull(tokens, "tokens");
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.events = Checks.notNull(events, "events");
        this.clock = Checks.notNull(clock, "clock");
    }

    /** Starts a session for the caller. */
    public BreakGlassSession start(Caller caller, String reason, int minutes) {
        Principal p = caller.principal();
        guard.check(caller, Permission.BREAK_GLASS_START, p.orgId(), "access.break-glass.start", p.userId());
        if (reason == null || reason.strip().length() < 10 || reason.length() > 1000) {
            throw new InvalidRequestException("reason: expected 10..1000 characters saying why");
        }
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new InvalidRequestException("minutes: " + minutes + " (expected: 1.." + MAX_MINUTES + ")");
        }
        Instant now = clock.instant();
        BreakGlassSession session = new BreakGlassSession(
                Ids.newId("bg"),
                p.userId(),
                p.orgId(),
                reason.strip(),
                now,
                now.plus(Duration.ofMinutes(minutes)),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        tx.inTransaction(s -> {
            if (!s.breakGlass().findActive(p.userId(), now).isEmpty()) {
                throw new InvalidRequestException("a break-glass session is already active for " + p.userId());
            }
            s.breakGlass().insert(session);
            audit.record(
                    s,
                    new AuditRecord(
                            p.userId(),
                            Optional.of(p.orgId()),
                            "access.break-glass.start",
                            Optional.of(session.id()),
                            Outcome.SUCCESS,
                            Optional.of(session.reason() + " (" + minutes + " min)"),
                            Optional.of(caller.requestId()),
                            Severity.HIGH,
                            Optional.of(session.id())));
            return null;
        });
        tokens.invalidateCache();
        events.publish(new SecurityEvent(
                "access.break-glass.started",
                Optional.of(p.orgId()),
                p.userId(),
                p.userName() + " took admin rights for " + minutes + " min: " + session.reason(),
                now));
        return session;
    }

    /** Ends a session early: its holder, or an administrator of its organization. */
    public BreakGlassSession end(Caller caller, String id) {
        BreakGlassSession bg = find(id);
        if (!bg.userId().equals(caller.principal().userId())) {
            guard.check(caller, Permission.USER_UPDATE, bg.orgId(), "access.break-glass.end", id);
        }
        Instant now = clock.instant();
        if (!bg.isActive(now)) {
            throw new InvalidRequestException("break-glass session " + id + " has already ended");
        }
        BreakGlassSession ended = bg.withEnd(now);
        tx.inTransaction(s -> {
            s.breakGlass().update(ended);
            audit.record(
                    s,
                    caller.record(
                            "access.break-glass.end",
                            Optional.of(bg.orgId()),
                            id,
                            Outcome.SUCCESS,
                            "ended early",
                            Severity.HIGH));
            return null;
        });
        tokens.invalidateCache();
        return ended;
    }

    /** Records the review of an ended session by someone other than its holder. */
    public BreakGlassSession review(Caller caller, String id, String note) {
        BreakGlassSession bg = find(id);
        guard.check(caller, Permission.BREAK_GLASS_REVIEW, bg.orgId(), "access.break-glass.review", id);
        if (bg.userId().equals(caller.principal().userId())) {
            guard.deny(
                    caller, "access.break-glass.review", bg.orgId(), id, "the holder cannot review their own session");
        }
        if (note == null || note.isBlank() || note.length() > 2000) {
            throw new InvalidRequestException("note: expected 1..2000 characters");
        }
        if (bg.reviewedAt().isPresent()) {
            throw new InvalidRequestException("break-glass session " + id + " was already reviewed");
        }
        Instant now = clock.instant();
        BreakGlassSession reviewed = bg.withReview(caller.principal().userId(), now, note);
        tx.inTransaction(s -> {
            s.breakGlass().update(reviewed);
            audit.record(
                    s,
                    caller.record(
                            "access.break-glass.review",
                            Optional.of(bg.orgId()),
                            id,
                            Outcome.SUCCESS,
                            note,
                            Severity.INFO));
            return null;
        });
        return reviewed;
    }

    /** Sessions of the caller's organization (all for platform administrators), newest first. */
    public List<BreakGlassSession> list(Caller caller, Optional<String> orgId, int limit) {
        Principal p = caller.principal();
        String target = orgId.orElse(p.orgId());
        guard.check(caller, Permission.BREAK_GLASS_READ, target, "access.break-glass.list", target);
        Optional<String> filter = orgId.isEmpty() && p.isPlatformAdmin() ? Optional.empty() : Optional.of(target);
        return tx.read(s -> s.breakGlass().list(filter, limit));
    }

    /**
     * The sessions active now in {@code orgId}, for the console's banner on every page: every member of the
     * organization is told that someone holds emergency rights (who and until when; the reason stays with those who
     * may read sessions). Not audited: it is a read of the caller's own organization's state.
     */
    public List<BreakGlassSession> activeIn(String orgId) {
        Instant now = clock.instant();
        return tx.read(s -> s.breakGlass().list(Optional.of(orgId), 20)).stream()
                .filter(b -> b.isActive(now))
                .toList();
    }

    /** Marks sessions that have run out as ended, with a HIGH audit entry each; returns how many. */
    public int sweepExpired() {
        Instant now = clock.instant();
        List<BreakGlassSession> expired = tx.read(s -> s.breakGlass().findExpiredUnended(now));
        for (BreakGlassSession bg : expired) {
            tx.inTransaction(s -> {
                s.breakGlass().update(bg.withEnd(bg.expiresAt()));
                audit.record(
                        s,
                        new AuditRecord(
                                "system",
                                Optional.of(bg.orgId()),
                                "access.break-glass.expire",
                                Optional.of(bg.id()),
                                Outcome.SUCCESS,
                                Optional.of("ended by itself at its expiry"),
                                Optional.empty(),
                                Severity.HIGH,
                                Optional.of(bg.id())));
                return null;
            });
        }
        if (!expired.isEmpty()) {
            tokens.invalidateCache();
        }
        return expired.size();
    }

    private BreakGlassSession find(String id) {
        return tx.read(s -> s.breakGlass().findById(id))
                .orElseThrow(() -> new NotFoundException("no break-glass session " + id));
    }
}
