package io.hallmark.server.update;

import io.hallmark.core.Checks;
import io.hallmark.core.Ids;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Stores;
import io.hallmark.server.persistence.Transactor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rollouts as the owner runs them: create over the owner's active devices of a release's product (narrowed by a
 * {@link RolloutSelector}) in waves, list, show with per-state counts, pause, resume, cancel. Creating counts the
 * selection and releases the first wave in one INSERT ... SELECT, with the audit entry, in one transaction; each later
 * wave is one INSERT ... SELECT of the next devices in id order.
 *
 * <p>Waves then advance by themselves as devices report ({@link RolloutDelivery}); see {@link #progress}.
 */
public final class RolloutService {
    private static final Pattern WINDOW =
            Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]");

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final Clock clock;

    /** Creates the service. */
    public RolloutService(Transactor tx, AuditLog audit, Guard guard, AccessService access, Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.access = Checks.notNull(access, "access");
        this.clock = Checks.notNull(clock, "clock");
    }

    /** A rollout and how many of its devices are in each state. */
    public record Progress(Rollout rollout, Map<RolloutDevice.State, Long> states) {}

    /** Creates a rollout and releases its first wave. */
    public Rollout create(Caller caller, RolloutRequest req) {
        Checks.notNull(req, "request");
        Organization org = organization(caller, req.orgRef());
        guard.check(caller, Permission.ROLLOUT_MANAGE, org.id(), "rollout.create", org.id());
        List<String> waves = RolloutWaves.parse(req.waves());
        percent(req.successPct(), "successPct");
        percent(req.failurePct(), "failurePct");
        if (req.ratePerMinute() < 0 || req.ratePerMinute() > 1_000_000) {
            throw new InvalidRequestException("ratePerMinute: " + req.ratePerMinute() + " (expected: 0..1000000)");
        }
        if (req.window() != null && !WINDOW.matcher(req.window()).matches()) {
            throw new InvalidRequestException("window: expected HH:MM-HH:MM (UTC)");
        }
        if (req.releaseId() == null || !Ids.isId(req.releaseId(), "rel")) {
            throw new InvalidRequestException("releaseId: expected a release id (rel_...)");
        }
        RolloutSelector selector = selector(req);
        Instant now = clock.instant();
        return tx.inTransaction(s -> {
            Release release = s.releases()
                    .findById(req.releaseId())
                    .orElseThrow(() -> new InvalidRequestException("releaseId: no release " + req.releaseId()));
            if (release.state() != Release.State.PUBLISHED) {
                // a revoked release, or one whose product role awaits offline signatures, is not assigned
                throw new ConflictException("release " + release.id() + " is "
                        + (release.state() == Release.State.PENDING
                                ? "pending signatures"
                                : release.state().name().toLowerCase(java.util.Locale.ROOT)));
            }
            Rollout draft = new Rollout(
                    Ids.newId("rol"),
                    org.id(),
                    release.id(),
                    release.productId(),
                    selector,
                    waves,
                    waves.stream().map(w -> 0L).toList(),
                    0,
                    req.successPct(),
                    req.failurePct(),
                    req.ratePerMinute(),
                    Optional.ofNullable(req.window()),
                    req.security(),
                    Rollout.State.RUNNING,
                    Optional.empty(),
                    0,
                    0,
                    0,
                    0,
                    caller.principal().userId(),
                    now,
                    now);
            s.rollouts().insert(draft);
            // the manufacturer condition: only devices the release's manufacturer made
            long total = s.rollouts().countDevices(draft, release.orgId());
            if (total == 0) {
                throw new InvalidRequestException("selector: no active device of " + org.name() + " of product "
                        + release.productModel() + " without an unfinished update");
            }
            List<Long> counts = RolloutWaves.counts(waves, total);
            long released = s.rollouts().release(draft, release.orgId(), 0, take(counts, 0, 0), now);
            Rollout r = with(draft, 0, Rollout.State.RUNNING, Optional.empty(), total, released, now, counts);
            s.rollouts().update(r, 0, Rollout.State.RUNNING);
            audit.record(
                    s,
                    caller.record(
                            "rollout.create",
                            Optional.of(org.id()),
                            r.id(),
                            Outcome.SUCCESS,
                            release.productModel() + " " + release.version() + " (" + release.id() + ") to " + total
                                    + " devices"
                                    + (selector.equals(RolloutSelector.PRODUCT) ? "" : " with " + selector.describe())
                                    + " in waves " + String.join(",", waves)
                                    + (r.security() ? ", security" : ""),
                            Severity.INFO));
            return r;
        });
    }

    /** The rollouts of owner {@code orgRef} (null: the caller's organization). */
    public Page<Rollout> list(Caller caller, String orgRef, PageRequest page) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.ROLLOUT_READ, org.id(), "rollout.list", org.id());
        return tx.read(s -> s.rollouts().list(org.id(), page));
    }

    /** One rollout with its per-state device counts. */
    public Progress show(Caller caller, String id) {
        Rollout r = find(id);
        guard.check(caller, Permission.ROLLOUT_READ, r.orgId(), "rollout.read", r.id());
        return tx.read(s -> new Progress(
                s.rollouts().findById(id).orElseThrow(), s.rollouts().states(id)));
    }

    /** Pauses a running rollout: no new deliveries. */
    public Rollout pause(Caller caller, String id, String reason) {
        return change(caller, id, "rollout.pause", Rollout.State.RUNNING, Rollout.State.PAUSED, reason);
    }

    /** Resumes a paused rollout; the current wave is checked again at once. */
    public Rollout resume(Caller caller, String id) {
        return change(caller, id, "rollout.resume", Rollout.State.PAUSED, Rollout.State.RUNNING, null);
    }

    /** Cancels an open rollout: its unfinished devices are told not to install. */
    public Rollout cancel(Caller caller, String id, String reason) {
        Rollout r = find(id);
        guard.check(caller, Permission.ROLLOUT_MANAGE, r.orgId(), "rollout.cancel", r.id());
        String why = reason(reason);
        Instant now = clock.instant();
        return tx.inTransaction(s -> {
            Rollout cur = s.rollouts().findById(id).orElseThrow();
            if (!cur.state().open()) {
                throw new ConflictException(
                        "rollout " + id + " is " + cur.state().name().toLowerCase());
            }
            Rollout done = cancelIn(s, cur, why == null ? "cancelled" : why, now);
            audit.record(
                    s,
                    caller.record(
                            "rollout.cancel", Optional.of(r.orgId()), r.id(), Outcome.SUCCESS, why, Severity.WARNING));
            return done;
        });
    }

    /**
     * Cancels every open rollout of {@code releaseId} in the caller's transaction: the release was revoked, so no
     * device may install it. Returns how many rollouts.
     */
    public static int cancelForRelease(Stores s, String releaseId, String reason, Instant now) {
        List<Rollout> open = s.rollouts().openForRelease(releaseId);
        for (Rollout r : open) {
            cancelIn(s, r, "release revoked: " + reason, now);
        }
        return open.size();
    }

    private static Rollout cancelIn(Stores s, Rollout cur, String why, Instant now) {
        Rollout done = with(
                cur,
                cur.wave(),
                Rollout.State.CANCELLED,
                Optional.of(why),
                cur.total(),
                cur.released(),
                now,
                cur.waveCounts());
        if (!s.rollouts().update(done, cur.wave(), cur.state())) {
            throw new ConflictException("rollout " + cur.id() + " changed meanwhile; try again");
        }
        s.rollouts().cancelDevices(cur.id(), why, now);
        return done;
    }

    /**
     * Moves a running rollout on after an outcome, in the caller's transaction: pauses it past the failure threshold
     * (failed and rolled back over released devices), else releases the next wave once the success threshold of the
     * released devices installed, or completes it after the last wave. Returns the rollout as it is now.
     */
    static Rollout progress(Stores s, String rolloutId, Instant now) {
        Rollout r = s.rollouts().findById(rolloutId).orElseThrow();
        if (r.state() != Rollout.State.RUNNING || r.released() == 0) {
            return r;
        }
        if (r.failed() * 100 > (long) r.failurePct() * r.released()) {
            Rollout paused = with(
                    r,
                    r.wave(),
                    Rollout.State.PAUSED,
                    Optional.of("failure threshold: " + r.failed() + " of " + r.released() + " failed or rolled back"
                            + " (over " + r.failurePct() + "%)"),
                    r.total(),
                    r.released(),
                    now,
                    r.waveCounts());
            return s.rollouts().update(paused, r.wave(), r.state()) ? paused : r;
        }
        if (r.installed() * 100 < (long) r.successPct() * r.released()) {
            return r;
        }
        if (r.lastWave()) {
            if (r.installed() + r.failed() < r.released()) {
                return r; // the threshold is met; complete once every released device has reported
            }
            Rollout done = with(
                    r,
                    r.wave(),
                    Rollout.State.COMPLETED,
                    Optional.of("last wave met the success threshold"),
                    r.total(),
                    r.released(),
                    now,
                    r.waveCounts());
            return s.rollouts().update(done, r.wave(), r.state()) ? done : r;
        }
        int next = r.wave() + 1;
        Rollout advanced =
                with(r, next, Rollout.State.RUNNING, Optional.empty(), r.total(), r.released(), now, r.waveCounts());
        if (!s.rollouts().update(advanced, r.wave(), r.state())) {
            return r; // another report advanced it
        }
        String manufacturer = s.releases().findById(r.releaseId()).orElseThrow().orgId();
        long moved = s.rollouts().release(r, manufacturer, next, take(r.waveCounts(), next, r.released()), now);
        Rollout out = with(
                advanced,
                next,
                Rollout.State.RUNNING,
                Optional.empty(),
                r.total(),
                r.released() + moved,
                now,
                r.waveCounts());
        s.rollouts().update(out, next, Rollout.State.RUNNING);
        return out;
    }

    private Rollout change(
            Caller caller, String id, String action, Rollout.State from, Rollout.State to, String reason) {
        Rollout r = find(id);
        guard.check(caller, Permission.ROLLOUT_MANAGE, r.orgId(), action, r.id());
        String why = reason(reason);
        Instant now = clock.instant();
        return tx.inTransaction(s -> {
            Rollout cur = s.rollouts().findById(id).orElseThrow();
            if (cur.state() != from) {
                throw new ConflictException(
                        "rollout " + id + " is " + cur.state().name().toLowerCase());
            }
            Rollout next = with(
                    cur, cur.wave(), to, Optional.ofNullable(why), cur.total(), cur.released(), now, cur.waveCounts());
            if (!s.rollouts().update(next, cur.wave(), from)) {
                throw new ConflictException("rollout " + id + " changed meanwhile; try again");
            }
            audit.record(s, caller.record(action, Optional.of(r.orgId()), r.id(), Outcome.SUCCESS, why, Severity.INFO));
            return to == Rollout.State.RUNNING ? progress(s, id, now) : next;
        });
    }

    static Rollout with(
            Rollout r,
            int wave,
            Rollout.State state,
            Optional<String> reason,
            long total,
            long released,
            Instant now,
            List<Long> counts) {
        return new Rollout(
                r.id(),
                r.orgId(),
                r.releaseId(),
                r.productId(),
                r.selector(),
                r.waves(),
                counts,
                wave,
                r.successPct(),
                r.failurePct(),
                r.ratePerMinute(),
                r.window(),
                r.security(),
                state,
                reason,
                total,
                released,
                r.installed(),
                r.failed(),
                r.createdBy(),
                r.createdAt(),
                now);
    }

    /** How many devices wave {@code wave} takes: up to its cumulative count, and the last wave every one left. */
    private static long take(List<Long> counts, int wave, long released) {
        return wave == counts.size() - 1 ? Long.MAX_VALUE : Math.max(0, counts.get(wave) - released);
    }

    private Rollout find(String id) {
        if (id == null || !Ids.isId(id, "rol")) {
            throw new NotFoundException("no rollout " + id);
        }
        return tx.read(s -> s.rollouts().findById(id)).orElseThrow(() -> new NotFoundException("no rollout " + id));
    }

    private Organization organization(Caller caller, String orgRef) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        return access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
    }

    private static RolloutSelector selector(RolloutRequest req) {
        Map<String, String> tags = req.tags() == null ? Map.of() : req.tags();
        if (tags.size() > DeviceTags.MAX_TAGS) {
            throw new InvalidRequestException("tags: at most " + DeviceTags.MAX_TAGS);
        }
        tags.forEach((k, v) -> {
            if (!DeviceTags.isName(k) || !DeviceTags.isValue(v)) {
                throw new InvalidRequestException(
                        "tags: names " + DeviceTags.NAME_RULE + ", values " + DeviceTags.VALUE_RULE);
            }
        });
        if (req.version() != null && !FirmwareVersion.isVersion(req.version())) {
            throw new InvalidRequestException("version: expected " + FirmwareVersion.RULE);
        }
        if (req.olderThan() != null && FirmwareVersion.key(req.olderThan()).isEmpty()) {
            throw new InvalidRequestException("olderThan: expected a version of numbers, such as 2.1.0");
        }
        if (req.version() != null && req.olderThan() != null) {
            throw new InvalidRequestException("version and olderThan: give one of them");
        }
        return new RolloutSelector(tags, Optional.ofNullable(req.version()), Optional.ofNullable(req.olderThan()));
    }

    private static void percent(int v, String field) {
        if (v < 1 || v > 100) {
            throw new InvalidRequestException(field + ": " + v + " (expected: 1..100)");
        }
    }

    private static String reason(String reason) {
        if (reason != null && (reason.isBlank() || reason.length() > 500)) {
            throw new InvalidRequestException("reason: at most 500 characters, not blank");
        }
        return reason;
    }
}
