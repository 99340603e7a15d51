package io.hallmark.server.behaviour;

import io.hallmark.core.Checks;
import io.hallmark.core.Ids;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.behaviour.detect.Finding;
import io.hallmark.server.behaviour.detect.FleetCorrelator.Correlation;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.events.EventBus;
import io.hallmark.server.events.SecurityEvent;
import io.hallmark.server.identity.Device;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Transactor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alerts and incidents: what the monitor found is kept deduplicated (one alert per device, finding and subject while
 * it is not resolved; repeats count on it) and grouped (a device's alerts in its incident, a fleet's toward one
 * destination in one fleet incident); operators list, acknowledge and resolve them. Every new alert, incident and
 * triage is audited in the transaction that stores it.
 *
 * <p>The unresolved alerts and incidents are indexed in memory for deduplication, loaded from the store at start.
 */
public final class AlertService {
    private static final int RELOAD_LIMIT = 2_000_000;

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final EventBus events;
    private final Clock clock;
    private final AlertSuppressions suppressions;
    private final ConcurrentHashMap<String, Alert> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Incident> incidents = new ConcurrentHashMap<>();
    /** Devices taking part in an unresolved fleet incident, to the incident's key. */
    private final ConcurrentHashMap<String, String> fleetOf = new ConcurrentHashMap<>();

    /** What a report's findings did. */
    public record Raised(List<Alert> opened, List<Alert> repeated, boolean fleet) {}

    /** Creates the service and loads the unresolved alerts and incidents. */
    public AlertService(
            Transactor tx, AuditLog audit, Guard guard, AccessService access, EventBus events, Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.access = Checks.notNull(access, "access");
        this.events = Checks.notNull(events, "events");
        this.clock = Checks.notNull(clock, "clock");
        this.suppressions = new AlertSuppressions(tx, audit, guard, access, clock);
        tx.read(s -> {
            for (Incident i : s.alerts().unresolvedIncidents(RELOAD_LIMIT)) {
                incidents.put(incidentKey(i.orgId(), i.kind(), i.subject()), i);
            }
            for (Alert a : s.alerts().unresolvedAlerts(RELOAD_LIMIT)) {
                open.put(a.dedupeKey(), a);
            }
            return null;
        });
    }

    /**
     * Records the findings of one report of {@code device}; {@code fleet} holds the correlations of the findings'
     * destinations (by destination).
     */
    public Raised raise(Device device, List<Finding> findings, Map<String, Correlation> fleet) {
        Checks.notNull(device, "device");
        Checks.notNull(findings, "findings");
        Checks.notNull(fleet, "fleet");
        String org = device.controller();
        Instant now = clock.instant();
        for (Correlation c : fleet.values()) {
            if (c.opened()) {
                openFleetIncident(org, c, now);
            }
        }
        if (!fleet.isEmpty()) {
            fleetOf.put(
                    device.id(),
                    incidentKey(
                            org, Incident.Kind.FLEET, fleet.keySet().iterator().next()));
        }
        List<Alert> opened = new ArrayList<>();
        List<Alert> repeated = new ArrayList<>();
        // one writer per device: a device's reports are raised one at a time
        synchronized (lockOf(device.id())) {
            List<Alert> fresh = new ArrayList<>();
            for (Finding f : findings) {
                Alert previous = open.get(Alert.dedupeKey(device.id(), f));
                if (previous != null) {
                    repeated.add(new Alert(
                            previous.id(),
                            previous.orgId(),
                            previous.deviceId(),
                            previous.serial(),
                            worse(previous.finding(), f),
                            previous.state(),
                            previous.firstSeen(),
                            now,
                            previous.count() + 1,
                            previous.incidentId(),
                            previous.triage()));
                    continue;
                }
                // incidents are committed before an alert names them (other devices' alerts may name them at once);
                // a device taking part in a fleet incident has all its new alerts there
                Incident joined = Optional.ofNullable(fleetOf.get(device.id()))
                        .map(incidents::get)
                        .orElse(null);
                Incident incident = joined != null
                        ? joined
                        : fleet.isEmpty()
                                ? incidentFor(org, Incident.Kind.DEVICE, device.id(), f.severity(), now)
                                : incidentFor(
                                        org,
                                        Incident.Kind.FLEET,
                                        fleet.keySet().iterator().next(),
                                        Finding.FindingSeverity.CRITICAL,
                                        now);
                fresh.add(new Alert(
                        Ids.newId("alr"),
                        org,
                        device.id(),
                        device.serial(),
                        f,
                        AlertState.OPEN,
                        now,
                        now,
                        1,
                        incident.id(),
                        Optional.empty()));
            }
            tx.inTransaction(s -> {
                for (Alert a : repeated) {
                    s.alerts().update(a, open.get(a.dedupeKey()).state());
                }
                if (fresh.isEmpty()) {
                    return null;
                }
                // one audit entry for what one report opened
                StringBuilder what = new StringBuilder(device.serial());
                Finding.FindingSeverity worst = Finding.FindingSeverity.LOW;
                for (Alert a : fresh) {
                    Finding f = a.finding();
                    s.alerts().insert(a);
                    what.append(what.length() == device.serial().length() ? ": " : "; ")
                            .append(a.id())
                            .append(' ')
                            .append(f.id())
                            .append(' ')
                            .append(f.subject())
                            .append(' ')
                            .append(f.actual())
                            .append(" (expected ")
                            .append(f.expected())
                            .append(')');
                    worst = f.severity().compareTo(worst) > 0 ? f.severity() : worst;
                }
                audit.record(s, system("behaviour.alert", org, device.id(), what.toString(), worst));
                return null;
            });
            opened.addAll(fresh);
            // the index changes only once the transaction is committed
            for (Alert a : opened) {
                open.put(a.dedupeKey(), a);
            }
            for (Alert a : repeated) {
                open.computeIfPresent(a.dedupeKey(), (k, old) -> old.id().equals(a.id()) ? a : old);
            }
            // a fleet incident confirmed while this report's alerts were being written: they join it now
            Incident fleetNow = Optional.ofNullable(fleetOf.get(device.id()))
                    .map(incidents::get)
                    .orElse(null);
            if (fleetNow != null && fresh.stream().anyMatch(a -> !a.incidentId().equals(fleetNow.id()))) {
                joinFleet(org, Set.of(device.id()), fleetNow.id(), now);
            }
        }
        for (Alert a : opened) {
            events.publish(new SecurityEvent(
                    "behaviour.alert",
                    Optional.of(org),
                    a.deviceId(),
                    "device " + a.serial() + ": " + a.finding().id() + " "
                            + a.finding().subject(),
                    now));
        }
        return new Raised(List.copyOf(opened), List.copyOf(repeated), !fleet.isEmpty());
    }

    /** Opens the fleet incident of a confirmed correlation and moves the devices' earlier alerts into it. */
    private void openFleetIncident(String org, Correlation c, Instant now) {
        Incident fleet = incidentFor(org, Incident.Kind.FLEET, c.destination(), Finding.FindingSeverity.CRITICAL, now);
        // known before the move: a device whose alerts commit after it moves them itself (see raise)
        for (String d : c.devices()) {
            fleetOf.put(d, incidentKey(org, Incident.Kind.FLEET, c.destination()));
        }
        int moved = joinFleet(org, c.devices(), fleet.id(), now);
        tx.inTransaction(s -> {
            audit.record(
                    s,
                    system(
                            "behaviour.incident.fleet",
                            org,
                            fleet.id(),
                            c.devices().size() + " devices toward " + c.destination() + " since " + c.since() + "; "
                                    + moved + " earlier alerts joined",
                            Finding.FindingSeverity.CRITICAL));
            return null;
        });
        events.publish(new SecurityEvent(
                "behaviour.incident",
                Optional.of(org),
                fleet.id(),
                c.devices().size() + " devices toward " + c.destination() + " (" + moved + " alerts joined)",
                now));
    }

    /** Moves the devices' unresolved alerts into the fleet incident and resolves their own incidents as merged. */
    private int joinFleet(String org, Set<String> deviceIds, String fleetId, Instant now) {
        List<Incident> merged = new ArrayList<>();
        for (String deviceId : deviceIds) {
            Incident own = incidents.get(incidentKey(org, Incident.Kind.DEVICE, deviceId));
            if (own != null) {
                merged.add(new Incident(
                        own.id(),
                        org,
                        own.kind(),
                        own.subject(),
                        own.severity(),
                        AlertState.RESOLVED,
                        own.opened(),
                        now,
                        own.alerts(),
                        own.devices(),
                        Optional.of(new Alert.Triage("system", now, "merged into fleet incident " + fleetId))));
            }
        }
        int moved = tx.inTransaction(s -> {
            int n = s.alerts().regroup(org, deviceIds, fleetId);
            for (Incident i : merged) {
                s.alerts().put(i);
            }
            return n;
        });
        for (Incident i : merged) {
            incidents.remove(incidentKey(org, Incident.Kind.DEVICE, i.subject()), i);
        }
        return moved;
    }

    /**
     * The unresolved incident of this kind and subject, made (and committed) when there is none; its severity raised
     * to at least {@code severity}. Serialized: incidents are few and must not be made twice.
     */
    private Incident incidentFor(
            String org, Incident.Kind kind, String subject, Finding.FindingSeverity severity, Instant now) {
        String key = incidentKey(org, kind, subject);
        Incident current = incidents.get(key);
        if (current != null && severity.compareTo(current.severity()) <= 0) {
            return current;
        }
        synchronized (incidents) {
            Incident latest = incidents.get(key);
            if (latest != null && severity.compareTo(latest.severity()) <= 0) {
                return latest;
            }
            Incident next = latest == null
                    ? new Incident(
                            Ids.newId("inc"),
                            org,
                            kind,
                            subject,
                            severity,
                            AlertState.OPEN,
                            now,
                            now,
                            0,
                            0,
                            Optional.empty())
                    : new Incident(
                            latest.id(),
                            org,
                            kind,
                            subject,
                            severity,
                            latest.state(),
                            latest.opened(),
                            now,
                            latest.alerts(),
                            latest.devices(),
                            latest.triage());
            tx.inTransaction(s -> {
                s.alerts().put(next);
                if (latest == null) {
                    audit.record(
                            s,
                            system(
                                    "behaviour.incident.open",
                                    org,
                                    next.id(),
                                    kind.wire() + " incident: " + subject,
                                    severity));
                }
                return null;
            });
            incidents.put(key, next);
            return next;
        }
    }

    /** Alerts of the organization {@code orgRef} (the caller's when null). */
    public Page<Alert> alerts(
            Caller caller, String orgRef, Optional<AlertState> state, Optional<String> deviceId, PageRequest page) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.ALERT_READ, org.id(), "alert.read", org.id());
        return tx.read(s -> s.alerts().alerts(org.id(), state, deviceId, page));
    }

    /** One alert. */
    public Alert alert(Caller caller, String id) {
        Alert a = tx.read(s -> s.alerts().findAlert(id)).orElseThrow(() -> new NotFoundException("no alert " + id));
        guard.check(caller, Permission.ALERT_READ, a.orgId(), "alert.read", a.id());
        return a;
    }

    /** Incidents of the organization {@code orgRef} (the caller's when null). */
    public Page<Incident> incidents(Caller caller, String orgRef, Optional<AlertState> state, PageRequest page) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.ALERT_READ, org.id(), "incident.read", org.id());
        return tx.read(s -> s.alerts().incidents(org.id(), state, page));
    }

    /** One incident and its first alerts. */
    public Incident incident(Caller caller, String id) {
        Incident i =
                tx.read(s -> s.alerts().findIncident(id)).orElseThrow(() -> new NotFoundException("no incident " + id));
        guard.check(caller, Permission.ALERT_READ, i.orgId(), "incident.read", i.id());
        return i;
    }

    /** Moves an alert to {@code to} (acknowledged or resolved) with the caller's note. */
    public Alert triage(Caller caller, String id, AlertState to, String note) {
        Checks.check(to != AlertState.OPEN, "to", to, "acknowledged or resolved");
        String why = note(note);
        Alert a = tx.read(s -> s.alerts().findAlert(id)).orElseThrow(() -> new NotFoundException("no alert " + id));
        String action = "alert." + (to == AlertState.RESOLVED ? "resolve" : "acknowledge");
        guard.check(caller, Permission.ALERT_MANAGE, a.orgId(), action, a.id());
        if (a.state() == AlertState.RESOLVED || a.state() == to) {
            throw new ConflictException(
                    "alert " + id + " is already " + a.state().wire());
        }
        Alert next;
        synchronized (lockOf(a.deviceId())) {
            Alert current = Optional.ofNullable(open.get(a.dedupeKey()))
                    .filter(o -> o.id().equals(a.id()))
                    .orElse(a);
            next = new Alert(
                    current.id(),
                    current.orgId(),
                    current.deviceId(),
                    current.serial(),
                    current.finding(),
                    to,
                    current.firstSeen(),
                    current.lastSeen(),
                    current.count(),
                    current.incidentId(),
                    Optional.of(new Alert.Triage(caller.principal().userId(), clock.instant(), why)));
            tx.inTransaction(s -> {
                if (!s.alerts().update(next, current.state())) {
                    throw new ConflictException("alert " + id + " changed meanwhile; read it again");
                }
                audit.record(
                        s, caller.record(action, Optional.of(a.orgId()), a.id(), Outcome.SUCCESS, why, Severity.INFO));
                return null;
            });
            if (to == AlertState.RESOLVED) {
                open.remove(a.dedupeKey(), current);
                open.remove(a.dedupeKey(), a);
            } else {
                open.replace(a.dedupeKey(), current, next);
            }
        }
        return next;
    }

    /** Resolves an incident; its unresolved alerts stay as they are (each is triaged on its own). */
    public Incident resolveIncident(Caller caller, String id, String note) {
        String why = note(note);
        Incident i =
                tx.read(s -> s.alerts().findIncident(id)).orElseThrow(() -> new NotFoundException("no incident " + id));
        guard.check(caller, Permission.ALERT_MANAGE, i.orgId(), "incident.resolve", i.id());
        if (i.state() == AlertState.RESOLVED) {
            throw new ConflictException("incident " + id + " is already resolved");
        }
        Incident next = new Incident(
                i.id(),
                i.orgId(),
                i.kind(),
                i.subject(),
                i.severity(),
                AlertState.RESOLVED,
                i.opened(),
                clock.instant(),
                i.alerts(),
                i.devices(),
                Optional.of(new Alert.Triage(caller.principal().userId(), clock.instant(), why)));
        tx.inTransaction(s -> {
            s.alerts().put(next);
            audit.record(
                    s,
                    caller.record(
                            "incident.resolve", Optional.of(i.orgId()), i.id(), Outcome.SUCCESS, why, Severity.INFO));
            return null;
        });
        String key = incidentKey(i.orgId(), i.kind(), i.subject());
        incidents.remove(key);
        fleetOf.values().removeIf(key::equals);
        return next;
    }

    /** The suppressions of alerts: what findings raise nothing for a time. */
    public AlertSuppressions suppressions() {
        return suppressions;
    }

    /** How many alerts are unresolved now, all organizations. */
    public int unresolved() {
        return open.size();
    }

    private Organization organization(Caller caller, String orgRef) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        return access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
    }

    private static String note(String note) {
        if (note == null || note.isBlank()) {
            throw new InvalidRequestException("note: required (why)");
        }
        if (note.length() > 1000) {
            throw new InvalidRequestException("note: at most 1000 characters");
        }
        return note;
    }

    private static Finding worse(Finding before, Finding now) {
        return now.severity().compareTo(before.severity()) > 0 ? now : before;
    }

    private static String incidentKey(String org, Incident.Kind kind, String subject) {
        return org + '\n' + kind + '\n' + subject;
    }

    private static final Object[] LOCKS = new Object[256];

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new Object();
        }
    }

    private static Object lockOf(String deviceId) {
        return LOCKS[(deviceId.hashCode() & 0x7fffffff) % LOCKS.length];
    }

    private static AuditRecord system(
            String action, String org, String target, String reason, Finding.FindingSeverity severity) {
        return new AuditRecord(
                "system",
                Optional.of(org),
                action,
                Optional.of(target),
                Outcome.SUCCESS,
                Optional.of(reason.length() > 900 ? reason.substring(0, 900) : reason),
                Optional.empty(),
                severity.compareTo(Finding.FindingSeverity.HIGH) >= 0 ? Severity.WARNING : Severity.INFO,
                Optional.empty());
    }
}
