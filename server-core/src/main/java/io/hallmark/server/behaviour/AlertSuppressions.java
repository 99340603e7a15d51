package io.hallmark.server.behaviour;

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
import io.hallmark.server.behaviour.detect.Finding;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.identity.Device;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Suppressions of behaviour alerts ({@code docs/behaviour/detection.md}): an organization accepts a kind of finding
 * for one device, one product or all its devices until an expiry, with a reason; findings they cover are counted
 * (per suppression and in total) but raise no alert, event or quarantine. Making and lifting one needs
 * {@link Permission#ALERT_MANAGE} and is audited in the transaction that stores it; listing needs
 * {@link Permission#ALERT_READ}.
 *
 * <p>The suppressions in force are indexed in memory by organization (loaded at start, kept by this service), so
 * judging a finding reads no store; an organization without one costs one map lookup per report with findings.
 */
public final class AlertSuppressions {
    /** The longest a suppression may last. */
    public static final Duration MAX_DURATION = Duration.ofDays(366);

    private static final int RELOAD_LIMIT = 100_000;
    private static final int LIST_LIMIT = 1_000;
    private static final Pattern KIND = Pattern.compile("behaviour(\\.[a-z0-9_-]+)*(\\.\\*)?");

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final Clock clock;
    /** Suppressions in force, by organization; each list is replaced, never changed. */
    private final ConcurrentHashMap<String, List<AlertSuppression>> byOrg = new ConcurrentHashMap<>();

    private final ConcurrentHashMap<String, LongAdder> covered = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    /** Creates the service and loads the suppressions in force. */
    public AlertSuppressions(Transactor tx, AuditLog audit, Guard guard, AccessService access, Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.access = Checks.notNull(access, "access");
        this.clock = Checks.notNull(clock, "clock");
        for (AlertSuppression x : tx.read(s -> s.alertSuppressions().active(clock.instant(), RELOAD_LIMIT))) {
            index(x);
        }
    }

    /**
     * Suppresses findings of {@code kind} until {@code expiresAt}: of {@code device} when given, else of the devices
     * of {@code productId} when given, else of every device of the organization {@code orgRef} (the device's owner,
     * or the caller's organization, when null).
     */
    public AlertSuppression suppress(
            Caller caller,
            String orgRef,
            String kind,
            Optional<Device> device,
            Optional<String> productId,
            String reason,
            Instant expiresAt) {
        Checks.notNull(device, "device");
        Checks.notNull(productId, "productId");
        String ref = orgRef != null ? orgRef : device.map(Device::controller).orElse(null);
        Organization org = organization(caller, ref);
        guard.check(caller, Permission.ALERT_MANAGE, org.id(), "alert.suppress", org.id());
        if (kind == null || kind.length() > 128 || !KIND.matcher(kind).matches()) {
            throw new InvalidRequestException(
                    "kind: a finding id such as behaviour.listen.telnet, or a prefix such as behaviour.baseline.*");
        }
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            throw new InvalidRequestException("reason: required, at most 1000 characters (why)");
        }
        Instant now = clock.instant();
        if (expiresAt == null || !expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_DURATION))) {
            throw new InvalidRequestException("until: in the future and within 366 days");
        }
        if (device.isPresent() && productId.isPresent()) {
            throw new InvalidRequestException("device and product: at most one of them");
        }
        if (device.isPresent() && !device.get().controller().equals(org.id())) {
            throw new InvalidRequestException("device: " + device.get().serial() + " is not a device of " + org.name());
        }
        AlertSuppression.Scope scope = device.isPresent()
                ? AlertSuppression.Scope.DEVICE
                : productId.isPresent() ? AlertSuppression.Scope.PRODUCT : AlertSuppression.Scope.ORGANIZATION;
        String target = device.map(Device::id).or(() -> productId).orElse(org.id());
        AlertSuppression x = new AlertSuppression(
                Ids.newId("als"),
                org.id(),
                kind,
                scope,
                target,
                reason,
                expiresAt,
                caller.principal().userId(),
                now,
                Optional.empty());
        tx.inTransaction(s -> {
            s.alertSuppressions().insert(x);
            audit.record(
                    s,
                    caller.record(
                            "alert.suppress",
                            Optional.of(org.id()),
                            x.id(),
                            Outcome.SUCCESS,
                            kind + " for " + scope.wire() + " " + target + " until " + expiresAt + ": " + reason,
                            Severity.INFO));
            return null;
        });
        index(x);
        return x;
    }

    /** Lifts a suppression before its expiry, with the caller's note: what it covered raises alerts again. */
    public AlertSuppression lift(Caller caller, String id, String note) {
        if (note == null || note.isBlank() || note.length() > 1000) {
            throw new InvalidRequestException("note: required, at most 1000 characters (why)");
        }
        AlertSuppression x = tx.read(s -> s.alertSuppressions().find(id))
                .orElseThrow(() -> new NotFoundException("no suppression " + id));
        guard.check(caller, Permission.ALERT_MANAGE, x.orgId(), "alert.suppression.lift", x.id());
        if (x.lifted().isPresent()) {
            throw new ConflictException("suppression " + id + " is already lifted");
        }
        Alert.Triage lifted = new Alert.Triage(caller.principal().userId(), clock.instant(), note);
        tx.inTransaction(s -> {
            if (!s.alertSuppressions().lift(id, lifted)) {
                throw new ConflictException("suppression " + id + " is already lifted");
            }
            audit.record(
                    s,
                    caller.record(
                            "alert.suppression.lift",
                            Optional.of(x.orgId()),
                            x.id(),
                            Outcome.SUCCESS,
                            note,
                            Severity.INFO));
            return null;
        });
        byOrg.computeIfPresent(x.orgId(), (org, list) -> {
            List<AlertSuppression> rest = new ArrayList<>(list);
            rest.removeIf(o -> o.id().equals(id));
            return rest.isEmpty() ? null : List.copyOf(rest);
        });
        return new AlertSuppression(
                x.id(),
                x.orgId(),
                x.kind(),
                x.scope(),
                x.target(),
                x.reason(),
                x.expiresAt(),
                x.createdBy(),
                x.createdAt(),
                Optional.of(lifted));
    }

    /** The suppressions of the organization {@code orgRef} (the caller's when null), newest first. */
    public List<AlertSuppression> list(Caller caller, String orgRef, boolean all) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.ALERT_READ, org.id(), "alert.read", org.id());
        return tx.read(s -> s.alertSuppressions().list(org.id(), all, clock.instant(), LIST_LIMIT));
    }

    /**
     * The findings of {@code all} no suppression in force covers; the others are counted on the suppression that
     * covers them.
     */
    public List<Finding> unsuppressed(Device device, List<Finding> all) {
        List<AlertSuppression> in = byOrg.get(device.controller());
        if (in == null) {
            return all;
        }
        Instant now = clock.instant();
        List<Finding> left = new ArrayList<>(all.size());
        for (Finding f : all) {
            AlertSuppression by = null;
            for (AlertSuppression x : in) {
                if (x.covers(device, f, now)) {
                    by = x;
                    break;
                }
            }
            if (by == null) {
                left.add(f);
            } else {
                covered.computeIfAbsent(by.id(), k -> new LongAdder()).increment();
                total.increment();
            }
        }
        if (in.stream().anyMatch(x -> !x.isActive(now))) {
            byOrg.computeIfPresent(device.controller(), (org, list) -> {
                List<AlertSuppression> rest =
                        list.stream().filter(x -> x.isActive(now)).toList();
                return rest.isEmpty() ? null : rest;
            });
        }
        return left.size() == all.size() ? all : List.copyOf(left);
    }

    /** How many findings suppression {@code id} covered since start. */
    public long covered(String id) {
        LongAdder n = covered.get(id);
        return n == null ? 0 : n.sum();
    }

    /** How many findings suppressions covered since start, all organizations. */
    public long suppressed() {
        return total.sum();
    }

    private void index(AlertSuppression x) {
        byOrg.merge(x.orgId(), List.of(x), (a, b) -> {
            List<AlertSuppression> both = new ArrayList<>(a);
            both.addAll(b);
            return List.copyOf(both);
        });
    }

    private Organization organization(Caller caller, String orgRef) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        return access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
    }
}
