package io.hallmark.server.behaviour;

import io.hallmark.core.Checks;
import io.hallmark.protocol.telemetry.TelemetryCodec;
import io.hallmark.protocol.telemetry.TelemetryException;
import io.hallmark.protocol.telemetry.TelemetryReport;
import io.hallmark.server.access.Caller;
import io.hallmark.server.behaviour.detect.Finding;
import io.hallmark.server.behaviour.mud.Direction;
import io.hallmark.server.behaviour.mud.MudPolicy;
import io.hallmark.server.behaviour.mud.Protocol;
import io.hallmark.server.errors.AccessDeniedException;
import io.hallmark.server.errors.AuthenticationException;
import io.hallmark.server.errors.TooManyRequestsException;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.identity.IdentityServices;
import io.hallmark.server.persistence.ConflictException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Telemetry reports from devices over HTTPS and MQTT ({@code docs/protocol/telemetry.md}): the device is the one
 * whose operational certificate the TLS layer accepted (or, behind an external MQTT broker, the one the broker
 * authenticated for the topic), it must be active, the report must name it (no spoofing), and its
 * {@code seq} must be higher than the last one taken (no duplicates, no replays). Accepted reports are kept, the
 * latest per device, for operators and for the detectors that read them; every outcome is counted by reason.
 *
 * <p>The latest reports live in memory (one per device), so a restart forgets them until devices report again.
 */
public final class TelemetryService {
    /** How a report ended. */
    public enum Outcome {
        /** Taken. */
        ACCEPTED,
        /** Not valid by the schema (malformed, out of bounds, unknown fields). */
        MALFORMED,
        /** Named another device than the one that sent it. */
        SPOOFED,
        /** Not newer than the last report taken from the device. */
        DUPLICATE,
        /** From no device, or from one that is not active. */
        REFUSED,
        /** Sent faster than a device may (a token bucket per device). */
        RATE_LIMITED
    }

    /**
     * The latest report of a device, when it arrived, and the contacts in it its product's MUD file does not allow.
     *
     * @param violations one line per contact outside the MUD policy: destination, and the finding id
     */
    public record Latest(TelemetryReport report, Instant receivedAt, List<String> violations) {}

    /**
     * How fast one device may send reports: a burst, then a rate (a token bucket per device).
     *
     * @param burst reports a device may send at once (server setting {@code telemetry.intake-burst}, default 20)
     * @param perSecond reports per second a device may keep sending ({@code telemetry.intake-per-second}, default 2)
     */
    public record IntakeLimit(int burst, double perSecond) {
        /** The defaults: 20 at once, then 2 per second. */
        public static final IntakeLimit DEFAULT = new IntakeLimit(Intake.BURST, Intake.PER_SECOND);

        /** The rate as people write it (2, not 2.0). */
        public String rate() {
            return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
        }

        /** Checks the limits. */
        public IntakeLimit {
            Checks.inRange(burst, 1, 1_000_000, "telemetry.intake-burst");
            if (!(perSecond > 0 && perSecond <= 1_000_000)) {
                throw new IllegalArgumentException(
                        "telemetry.intake-per-second: " + perSecond + " (expected: more than 0, at most 1000000)");
            }
        }
    }

    private final IdentityServices identity;
    private final BehaviourMonitor monitor;
    private final IntakeLimit limit;
    private final Clock clock;
    private final ConcurrentHashMap<String, Latest> latest = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Intake> intakes = new ConcurrentHashMap<>();
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Optional<MudPolicy>> policies = new ConcurrentHashMap<>();
    private final LongAdder violations = new LongAdder();
    private final Map<Outcome, LongAdder> counts = new EnumMap<>(Outcome.class);
    private final List<java.util.function.BiConsumer<String, String>> firmwareListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Creates the service. */
    public TelemetryService(IdentityServices identity, BehaviourMonitor monitor, Clock clock) {
        this(identity, monitor, clock, IntakeLimit.DEFAULT);
    }

    /** Creates the service with {@code limit} on every device's intake. */
    public TelemetryService(IdentityServices identity, BehaviourMonitor monitor, Clock clock, IntakeLimit limit) {
        this(identity, monitor, clock, System::nanoTime, limit);
    }

    /** Creates the service with {@code nanos} as the monotonic time of rate limits. */
    TelemetryService(
            IdentityServices identity, BehaviourMonitor monitor, Clock clock, LongSupplier nanos, IntakeLimit limit) {
        this.limit = Checks.notNull(limit, "limit");
        this.nanos = Checks.notNull(nanos, "nanos");
        this.identity = Checks.notNull(identity, "identity");
        this.monitor = Checks.notNull(monitor, "monitor");
        this.clock = Checks.notNull(clock, "clock");
        for (Outcome o : Outcome.values()) {
            counts.put(o, new LongAdder());
        }
        identity.products().addMudListener(policies::remove);
    }

    /**
     * Takes a report sent over mutual TLS by the device with {@code certificate}.
     *
     * @throws AuthenticationException when no device certificate was presented
     * @throws AccessDeniedException when the device is not active
     * @throws TelemetryException when the report is malformed or names another device
     * @throws ConflictException when the report is not newer than the last one taken
     */
    public TelemetryReport accept(X509Certificate certificate, byte[] body) {
        return accept(deviceOf(certificate).orElse(null), body);
    }

    /**
     * The device whose operational certificate is {@code certificate} (whatever its state), so that a transport can
     * queue its report on the device's shard ({@link TelemetryIngest}); empty for none or an unknown certificate.
     */
    public Optional<Device> deviceOf(X509Certificate certificate) {
        return certificate == null ? Optional.empty() : identity.enrollment().findByCertificate(certificate);
    }

    /**
     * Takes a report from {@code device}, which its transport has already authenticated (an MQTT session opened with
     * the device's certificate, or the topic of a broker that checked it); the same checks and outcomes as over
     * HTTPS follow.
     *
     * @param device the device as its transport knows it; {@code null} when it is none
     * @throws AuthenticationException when {@code device} is {@code null}
     * @throws AccessDeniedException when the device is not active
     * @throws TelemetryException when the report is malformed or names another device
     * @throws ConflictException when the report is not newer than the last one taken
     * @throws TooManyRequestsException when the device sends faster than its intake allows
     */
    public TelemetryReport accept(Device device, byte[] body) {
        if (device == null) {
            counts.get(Outcome.REFUSED).increment();
            throw new AuthenticationException("authentication required: the device's operational certificate");
        }
        if (device.state() != DeviceState.ACTIVE) {
            counts.get(Outcome.REFUSED).increment();
            throw new AccessDeniedException(
                    "not permitted: device is " + device.state().wire());
        }
        Intake intake = intakes.computeIfAbsent(device.id(), id -> new Intake(limit.burst(), limit.perSecond()));
        if (!intake.admit(nanos.getAsLong())) {
            refuse(device, intake, Outcome.RATE_LIMITED);
            throw new TooManyRequestsException(
                    "too many reports: at most " + limit.burst() + " at once, then " + limit.rate() + " per second", 1);
        }
        TelemetryReport report;
        try {
            report = TelemetryCodec.decodeFrom(body, device.serial());
        } catch (TelemetryException e) {
            refuse(
                    device,
                    intake,
                    e.reason().equals("telemetry.device.mismatch") ? Outcome.SPOOFED : Outcome.MALFORMED);
            throw e;
        }
        Instant now = clock.instant();
        boolean[] fresh = {false};
        String[] firmwareBefore = {null};
        latest.compute(device.id(), (id, previous) -> {
            if (previous != null && report.seq() <= previous.report().seq()) {
                return previous;
            }
            fresh[0] = true;
            firmwareBefore[0] = previous == null ? null : previous.report().firmware();
            return new Latest(report, now, List.of());
        });
        if (!fresh[0]) {
            refuse(device, intake, Outcome.DUPLICATE);
            throw new ConflictException("seq " + report.seq() + " is not newer than the last report taken");
        }
        counts.get(Outcome.ACCEPTED).increment();
        if (!report.firmware().equals(firmwareBefore[0])) {
            for (var l : firmwareListeners) {
                l.accept(device.id(), report.firmware());
            }
        }
        List<Finding> mud = mudViolations(device, report);
        violations.add(mud.size());
        List<Finding> found = monitor.observe(device, report, mud);
        if (!found.isEmpty()) {
            List<String> lines = new ArrayList<>(found.size());
            for (Finding f : found) {
                lines.add(f.subject() + " " + f.id());
            }
            List<String> shown = List.copyOf(lines);
            latest.computeIfPresent(device.id(), (id, l) -> l.report() == report ? new Latest(report, now, shown) : l);
        }
        return report;
    }

    /**
     * Counts a refused report, and flags the device when it keeps sending refused reports: a device that floods,
     * replays or names other devices is misbehaving (a bug, or someone else in control of it).
     */
    private void refuse(Device device, Intake intake, Outcome outcome) {
        counts.get(outcome).increment();
        int strikes = intake.strike(nanos.getAsLong());
        if (strikes > 0) {
            monitor.flag(
                    device,
                    new Finding(
                            "behaviour.ingest.abuse",
                            Finding.FindingSeverity.MEDIUM,
                            "telemetry",
                            "valid, new reports, at most " + limit.rate() + " per second",
                            strikes + " refused reports within a minute, the last "
                                    + outcome.name().toLowerCase(java.util.Locale.ROOT),
                            ""));
        }
    }

    /**
     * Calls {@code listener} with the device id and the firmware version ({@code fw}) of each accepted report whose
     * version differs from the device's previous report taken since start (so at most once per change and restart).
     */
    public void addFirmwareListener(java.util.function.BiConsumer<String, String> listener) {
        firmwareListeners.add(Checks.notNull(listener, "listener"));
    }

    /** How many devices the behaviour monitor quarantined since start. */
    public long quarantined() {
        return monitor.quarantined();
    }

    /**
     * The destinations of {@code report} its product's MUD policy does not allow (RFC 8520: what the ACLs do not
     * accept is denied), as {@code host:port/proto finding-id}; none when the product has no MUD file.
     */
    private List<Finding> mudViolations(Device device, TelemetryReport report) {
        if (device.productId().isEmpty()) {
            return List.of();
        }
        Optional<MudPolicy> policy = policies.computeIfAbsent(
                device.productId().get(), id -> identity.products().mudOf(id));
        if (policy.isEmpty()) {
            return List.of();
        }
        List<Finding> found = new ArrayList<>();
        for (TelemetryReport.Destination d : report.destinations()) {
            MudPolicy.Decision decision = policy.get()
                    .evaluate(MudPolicy.Contact.of(Direction.FROM_DEVICE, d.host(), d.port(), protocol(d.protocol())));
            if (!decision.isAllowed()) {
                String where = d.host() + ":" + d.port() + "/" + d.protocol().wire();
                found.add(new Finding(
                        decision.findingId(),
                        Finding.FindingSeverity.HIGH,
                        where,
                        "only what the product's MUD file allows",
                        d.count() + " contacts to " + where,
                        where));
            }
        }
        return List.copyOf(found);
    }

    private static Protocol protocol(TelemetryReport.Protocol p) {
        return switch (p) {
            case TCP -> Protocol.TCP;
            case UDP -> Protocol.UDP;
            case ICMP -> Protocol.ICMP;
        };
    }

    /** How many contacts outside their product's MUD policy the accepted reports held, since start. */
    public long mudViolations() {
        return violations.sum();
    }

    /** The latest report of device {@code ref} (an id or serial), for a caller who may read devices. */
    public Optional<Latest> latest(Caller caller, String ref) {
        // show() decides who may read the device (its owner and its manufacturer) and audits refusals
        Device device = identity.devices().show(caller, ref).device();
        return Optional.ofNullable(latest.get(device.id()));
    }

    /**
     * The latest report of the device with id {@code deviceId}, for platform jobs that already decided whom they act
     * for (the fleet audit reads it for every device of an organization, without a lookup per device).
     */
    public Optional<Latest> latestOf(String deviceId) {
        return Optional.ofNullable(latest.get(deviceId));
    }

    /** How many reports ended with {@code outcome} since start. */
    public long count(Outcome outcome) {
        return counts.get(outcome).sum();
    }
}
