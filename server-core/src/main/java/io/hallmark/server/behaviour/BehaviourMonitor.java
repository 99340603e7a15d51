package io.hallmark.server.behaviour;

import io.hallmark.core.Checks;
import io.hallmark.protocol.telemetry.TelemetryReport;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Principal;
import io.hallmark.server.access.Role;
import io.hallmark.server.behaviour.detect.Baseline;
import io.hallmark.server.behaviour.detect.Detector;
import io.hallmark.server.behaviour.detect.Finding;
import io.hallmark.server.behaviour.detect.FleetCorrelator;
import io.hallmark.server.behaviour.detect.Thresholds;
import io.hallmark.server.events.EventBus;
import io.hallmark.server.events.SecurityEvent;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.IdentityServices;
import io.hallmark.server.persistence.ConflictException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Judges every accepted report ({@code docs/behaviour/detection.md}): the device's own baseline and the detectors of
 * {@link Detector}, plus the findings the caller brings (MUD); findings that name a destination go to the fleet
 * correlator; everything found becomes alerts and incidents ({@link AlertService}); and when the owner's policy says
 * so, a device with a high finding, or one taking part in a fleet incident, is quarantined at once by {@code system}
 * through the identity service (which holds its certificates: OCSP answers, TLS and MQTT refuse it).
 *
 * <p>Baselines live in memory, one per device (about 350 bytes with the map entry); a restart learns them again.
 */
public final class BehaviourMonitor {
    /** Devices toward one destination within the window that make a fleet incident. */
    public static final int FLEET_MIN_DEVICES = 10;

    /** The window of fleet correlation. */
    public static final Duration FLEET_WINDOW = Duration.ofSeconds(60);

    private final IdentityServices identity;
    private final AlertService alerts;
    private final EventBus events;
    private final Clock clock;
    private final Detector detector = new Detector();
    private final FleetCorrelator fleet;
    private final ConcurrentHashMap<String, Baseline> baselines = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Thresholds> limits = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> quarantinePolicy = new ConcurrentHashMap<>();
    private final LongAdder quarantined = new LongAdder();
    private final LongAdder findings = new LongAdder();

    /** Creates the monitor with the default fleet correlation. */
    public BehaviourMonitor(IdentityServices identity, AlertService alerts, EventBus events, Clock clock) {
        this(identity, alerts, events, clock, new FleetCorrelator(FLEET_MIN_DEVICES, FLEET_WINDOW, 100_000));
    }

    /** Creates the monitor with {@code fleet} as correlator. */
    public BehaviourMonitor(
            IdentityServices identity, AlertService alerts, EventBus events, Clock clock, FleetCorrelator fleet) {
        this.identity = Checks.notNull(identity, "identity");
        this.alerts = Checks.notNull(alerts, "alerts");
        this.events = Checks.notNull(events, "events");
        this.clock = Checks.notNull(clock, "clock");
        this.fleet = Checks.notNull(fleet, "fleet");
        identity.products().addMudListener(limits::remove);
        identity.devices().addPolicyListener(quarantinePolicy::remove);
    }

    /**
     * Judges an accepted report of {@code device}, with {@code given} findings already made (MUD).
     *
     * @return every finding, empty when the report looks normal
     */
    public List<Finding> observe(Device device, TelemetryReport report, List<Finding> given) {
        Baseline baseline = baselines.computeIfAbsent(device.id(), id -> new Baseline());
        List<Finding> found;
        synchronized (baseline) {
            found = detector.evaluate(baseline, report, limitsOf(device));
        }
        if (found.isEmpty() && given.isEmpty()) {
            return List.of();
        }
        List<Finding> every = new ArrayList<>(given.size() + found.size());
        every.addAll(given);
        every.addAll(found);
        findings.add(every.size());
        // what an operator suppressed is counted there and goes no further: no alert, event, correlation or quarantine
        List<Finding> all = alerts.suppressions().unsuppressed(device, every);
        if (all.isEmpty()) {
            return List.copyOf(every);
        }
        String owner = device.controller();
        Map<String, FleetCorrelator.Correlation> correlated = new HashMap<>();
        for (Finding f : all) {
            if (!f.destination().isEmpty() && !correlated.containsKey(f.destination())) {
                fleet.observe(owner, f.destination(), device.id(), clock.instant())
                        .ifPresent(c -> correlated.put(f.destination(), c));
            }
        }
        // the quarantine first: it is what stops the harm; the alerts that explain it follow at once
        respond(device, all, !correlated.isEmpty());
        alerts.raise(device, all, correlated);
        return List.copyOf(every);
    }

    private Thresholds limitsOf(Device device) {
        if (device.productId().isEmpty()) {
            return Thresholds.NONE;
        }
        return limits.computeIfAbsent(
                device.productId().get(), id -> identity.products().limitsOf(id));
    }

    /** Records a finding about {@code device} that no report holds (how it sends, not what it reports). */
    public void flag(Device device, Finding finding) {
        findings.increment();
        if (alerts.suppressions().unsuppressed(device, List.of(finding)).isEmpty()) {
            return;
        }
        alerts.raise(device, List.of(finding), Map.of());
        respond(device, List.of(finding), false);
    }

    /**
     * Says what a report showed, and quarantines the device when its owner asked for that and the findings are high
     * or part of a fleet incident: through the identity service, as {@code system} acting for the owner with the
     * security officer's rights, audited there with the findings as the reason.
     */
    private void respond(Device device, List<Finding> all, boolean inFleet) {
        String summary = summary(all);
        String owner = device.controller();
        events.publish(new SecurityEvent(
                "behaviour.violation",
                Optional.of(owner),
                device.id(),
                "device " + device.serial() + ": " + summary,
                clock.instant()));
        boolean severe =
                inFleet || all.stream().anyMatch(f -> f.severity().compareTo(Finding.FindingSeverity.HIGH) >= 0);
        if (!severe || !quarantinePolicy.computeIfAbsent(owner, identity.devices()::quarantinesOnViolation)) {
            return;
        }
        Principal system = new Principal(
                "system", "behaviour-monitor", owner, false, Set.of(Role.SECURITY_OFFICER), "system", Optional.empty());
        try {
            identity.devices()
                    .quarantine(new Caller(system, "behaviour-" + device.id()), device.id(), "behaviour: " + summary);
            quarantined.increment();
        } catch (ConflictException alreadyMoved) {
            // quarantined or decommissioned meanwhile: nothing left to do
        }
    }

    private static String summary(List<Finding> all) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(3, all.size()); i++) {
            Finding f = all.get(i);
            sb.append(i == 0 ? "" : "; ").append(f.subject()).append(' ').append(f.id());
        }
        if (all.size() > 3) {
            sb.append("; and ").append(all.size() - 3).append(" more");
        }
        return sb.toString();
    }

    /** How many devices the monitor quarantined since start. */
    public long quarantined() {
        return quarantined.sum();
    }

    /** How many findings the monitor made since start. */
    public long findings() {
        return findings.sum();
    }

    /** How many findings operators' suppressions covered since start (counted, not raised). */
    public long suppressed() {
        return alerts.suppressions().suppressed();
    }

    /** How many devices have a baseline in memory. */
    public int baselines() {
        return baselines.size();
    }

    /** Devices toward one destination not followed because the correlator was full, since start. */
    public long uncorrelated() {
        return fleet.untracked();
    }
}
