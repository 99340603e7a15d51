package io.hallmark.server.fleetaudit;

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
import io.hallmark.server.behaviour.TelemetryService;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.identity.ConnectionLog;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Stores;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.pki.OrganizationCa;
import io.hallmark.server.pki.OrganizationCaService;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet security audit ({@code docs/fleet-audit.md}): runs the checks of {@link AuditCheck} over an organization
 * on demand or on a schedule, lists and shows its findings, and suppresses them for a time with a reason. Reading
 * needs {@link Permission#FLEET_AUDIT_READ}; running and suppressing {@link Permission#FLEET_AUDIT_MANAGE}; every run
 * and suppression is audited in the transaction that writes it.
 */
public final class FleetAuditService {
    /** The longest a suppression may last. */
    public static final Duration MAX_SUPPRESSION = Duration.ofDays(366);

    private static final Logger LOG = LoggerFactory.getLogger(FleetAuditService.class);

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final Clock clock;
    private final FleetAuditor auditor;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    // set once at wiring, after the services it uses exist; until then runs only report
    private volatile FleetMitigator mitigator;

    /**
     * Creates the service.
     *
     * @param telemetry the latest telemetry report of a device by id (read only)
     */
    public FleetAuditService(
            Transactor tx,
            AuditLog audit,
            Guard guard,
            AccessService access,
            OrganizationCaService organizationCas,
            Function<String, Optional<TelemetryService.Latest>> telemetry,
            FleetAuditSettings settings,
            Clock clock) {
        this(tx, audit, guard, access, organizationCas, telemetry, settings, clock, orgId -> List.of());
    }

    /**
     * Creates the service with the checks of an organization's releases.
     *
     * @param telemetry the latest telemetry report of a device by id (read only)
     * @param releaseChecks an organization's release observations (known exploited vulnerabilities) by its id
     */
    public FleetAuditService(
            Transactor tx,
            AuditLog audit,
            Guard guard,
            AccessService access,
            OrganizationCaService organizationCas,
            Function<String, Optional<TelemetryService.Latest>> telemetry,
            FleetAuditSettings settings,
            Clock clock,
            Function<String, List<Observation>> releaseChecks) {
        this(tx, audit, guard, access, organizationCas, telemetry, settings, clock, releaseChecks, new ConnectionLog());
    }

    /**
     * Creates the service with the checks of an organization's releases and the device listeners' recent
     * connections.
     *
     * @param telemetry the latest telemetry report of a device by id (read only)
     * @param releaseChecks an organization's release observations (known exploited vulnerabilities) by its id
     * @param connections the recent connections of the device port and the MQTT broker
     */
    public FleetAuditService(
            Transactor tx,
            AuditLog audit,
            Guard guard,
            AccessService access,
            OrganizationCaService organizationCas,
            Function<String, Optional<TelemetryService.Latest>> telemetry,
            FleetAuditSettings settings,
            Clock clock,
            Function<String, List<Observation>> releaseChecks,
            ConnectionLog connections) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.access = Checks.notNull(access, "access");
        this.clock = Checks.notNull(clock, "clock");
        Checks.notNull(organizationCas, "organizationCas");
        this.auditor = new FleetAuditor(
                tx,
                settings,
                () -> {
                    Map<String, X509Certificate> all = new HashMap<>();
                    organizationCas.all().forEach(ca -> all.putAll(ca.authorities()));
                    return all;
                },
                orgId -> organizationCas
                        .find(orgId)
                        .map(OrganizationCa::authorities)
                        .orElse(Map.of()),
                telemetry,
                clock.instant(),
                releaseChecks,
                connections,
                weakKeys(settings));
    }

    /** The operator's known-weak RSA keys, if configured; each malformed line is logged and left out. */
    private static WeakKeyBlocklist weakKeys(FleetAuditSettings settings) {
        if (settings.weakKeyBlocklist().isEmpty()) {
            return WeakKeyBlocklist.EMPTY;
        }
        WeakKeyBlocklist.Loaded loaded =
                WeakKeyBlocklist.load(settings.weakKeyBlocklist().get());
        loaded.errors().stream().limit(100).forEach(e -> LOG.warn("fleet-audit.weak-key-blocklist: {}", e));
        if (loaded.errors().size() > 100) {
            LOG.warn(
                    "fleet-audit.weak-key-blocklist: {} more malformed lines",
                    loaded.errors().size() - 100);
        }
        LOG.info(
                "fleet audit: {} known-weak RSA keys of sizes {} from {}",
                loaded.blocklist().size(),
                loaded.blocklist().keySizes(),
                settings.weakKeyBlocklist().get());
        return loaded.blocklist();
    }

    /** The settings in force, e.g. the scheduled run's interval. */
    public FleetAuditSettings settings() {
        return auditor.settings();
    }

    /** Audits the organization {@code orgRef} (the caller's when null) now. */
    public AuditRun run(Caller caller, String orgRef) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.FLEET_AUDIT_MANAGE, org.id(), "fleet-audit.run", org.id());
        return runOne(
                org,
                run -> caller.record(
                        "fleet-audit.run",
                        Optional.of(org.id()),
                        org.id(),
                        Outcome.SUCCESS,
                        run.summary(),
                        Severity.INFO));
    }

    /** Audits every organization (the scheduled run); one failing organization does not stop the others. */
    public List<AuditRun> runAll() {
        List<AuditRun> runs = new ArrayList<>();
        for (Organization org : access.allOrganizations()) {
            try {
                runs.add(runOne(
                        org,
                        run -> new AuditRecord(
                                "system",
                                Optional.of(org.id()),
                                "fleet-audit.run",
                                Optional.of(org.id()),
                                Outcome.SUCCESS,
                                Optional.of("scheduled: " + run.summary()),
                                Optional.empty(),
                                Severity.INFO,
                                Optional.empty())));
            } catch (RuntimeException e) {
                LOG.warn("fleet audit of {} failed", org.id(), e);
            }
        }
        return runs;
    }

    /** Lets runs act on the organizations' mitigation policies (docs/fleet-audit.md); set once at wiring. */
    public void mitigateWith(FleetMitigator m) {
        this.mitigator = Checks.notNull(m, "mitigator");
    }

    private AuditRun runOne(Organization org, Function<AuditRun, AuditRecord> record) {
        if (!running.add(org.id())) {
            throw new ConflictException("a fleet audit of " + org.id() + " is running");
        }
        try {
            // deferred audit records (PostgreSQL) become readable once chained: the audit.verify check reads them
            audit.sealPending(tx);
            FleetMitigator m = mitigator;
            MitigationPolicy policy = m == null ? MitigationPolicy.NONE : policyOf(org.id());
            List<FleetFinding> opened = new ArrayList<>();
            AuditRun run = auditor.run(
                    org,
                    clock.instant(),
                    (Stores s, AuditRun r) -> audit.record(s, record.apply(r)),
                    opened,
                    policy.rules().isEmpty() ? 0 : FleetMitigator.MAX_PER_RUN);
            if (!opened.isEmpty()) {
                FleetMitigator.Tally t = m.apply(org.id(), policy, opened);
                tx.inTransaction(s -> {
                    audit.record(
                            s,
                            new AuditRecord(
                                    "system",
                                    Optional.of(org.id()),
                                    "fleet-audit.mitigate",
                                    Optional.of(org.id()),
                                    Outcome.SUCCESS,
                                    Optional.of(opened.size() + " new findings under the mitigation policy: "
                                            + t.summary()),
                                    Optional.empty(),
                                    t.quarantined() + t.rollouts() > 0 ? Severity.WARNING : Severity.INFO,
                                    Optional.empty()));
                    return null;
                });
            }
            return run;
        } finally {
            running.remove(org.id());
        }
    }

    private MitigationPolicy policyOf(String orgId) {
        return tx.read(s -> s.fleetAudit().mitigationPolicy(orgId)).orElse(MitigationPolicy.NONE);
    }

    /** The mitigation policy of the organization {@code orgRef} (the caller's when null); no rules when none set. */
    public MitigationPolicy mitigationPolicy(Caller caller, String orgRef) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.FLEET_AUDIT_READ, org.id(), "fleet-audit.read", org.id());
        return policyOf(org.id());
    }

    /**
     * Replaces the mitigation policy of the organization {@code orgRef} (the caller's when null) with {@code rules}
     * (empty: the audit only reports); audited as {@code fleet-audit.policy}.
     */
    public MitigationPolicy setMitigationPolicy(Caller caller, String orgRef, List<MitigationPolicy.Rule> rules) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.FLEET_AUDIT_MANAGE, org.id(), "fleet-audit.policy", org.id());
        MitigationPolicy p =
                new MitigationPolicy(rules, Optional.of(caller.principal().userId()), Optional.of(clock.instant()));
        String summary = p.encode().strip().replace('\n', ';');
        return tx.inTransaction(s -> {
            s.fleetAudit().putMitigationPolicy(org.id(), p);
            audit.record(
                    s,
                    caller.record(
                            "fleet-audit.policy",
                            Optional.of(org.id()),
                            org.id(),
                            Outcome.SUCCESS,
                            summary.isEmpty() ? "no mitigation rules" : summary,
                            Severity.WARNING));
            return p;
        });
    }

    /** The findings of the organization {@code orgRef} (the caller's when null) matching {@code filter}. */
    public Page<FleetFinding> findings(Caller caller, String orgRef, FindingFilter filter, PageRequest page) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.FLEET_AUDIT_READ, org.id(), "fleet-audit.read", org.id());
        filter.checkId().ifPresent(FleetAuditService::check);
        return tx.read(s -> s.fleetAudit().list(org.id(), filter, page));
    }

    /** One finding. */
    public FleetFinding finding(Caller caller, String id) {
        FleetFinding f = tx.read(s -> s.fleetAudit().find(id))
                .orElseThrow(() -> new NotFoundException("no fleet-audit finding " + id));
        guard.check(caller, Permission.FLEET_AUDIT_READ, f.orgId(), "fleet-audit.read", f.id());
        return f;
    }

    /**
     * Suppresses the findings of {@code checkId} about {@code resourceId} (every resource when empty) in the
     * organization {@code orgRef} until {@code expiresAt}; open findings it covers are suppressed at once.
     */
    public Suppression suppress(
            Caller caller,
            String orgRef,
            String checkId,
            Optional<String> resourceId,
            String reason,
            Instant expiresAt) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.FLEET_AUDIT_MANAGE, org.id(), "fleet-audit.suppress", org.id());
        AuditCheck check = check(checkId);
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            throw new InvalidRequestException("reason: required, at most 1000 characters (why)");
        }
        resourceId.ifPresent(r -> {
            if (r.isBlank() || r.length() > 128) {
                throw new InvalidRequestException("resource: " + r + " (expected: a resource id of 1..128 characters)");
            }
        });
        Instant now = clock.instant();
        if (expiresAt == null || !expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_SUPPRESSION))) {
            throw new InvalidRequestException("expires: " + expiresAt + " (expected: after now and within "
                    + MAX_SUPPRESSION.toDays() + " days)");
        }
        Suppression x = new Suppression(
                Ids.newId("fas"),
                org.id(),
                check.id(),
                resourceId,
                reason.strip(),
                expiresAt,
                caller.principal().userId(),
                now);
        return tx.inTransaction(s -> {
            s.fleetAudit().insertSuppression(x);
            int covered = s.fleetAudit().suppressOpen(org.id(), check.id(), resourceId);
            audit.record(
                    s,
                    caller.record(
                            "fleet-audit.suppress",
                            Optional.of(org.id()),
                            x.id(),
                            Outcome.SUCCESS,
                            check.id() + " on " + resourceId.orElse("every resource") + " until " + expiresAt + " ("
                                    + covered + " open findings): " + x.reason(),
                            Severity.WARNING));
            return x;
        });
    }

    /** The suppressions of the organization {@code orgRef} (the caller's when null), expired ones included. */
    public List<Suppression> suppressions(Caller caller, String orgRef) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.FLEET_AUDIT_READ, org.id(), "fleet-audit.read", org.id());
        return tx.read(s -> s.fleetAudit().suppressions(org.id()));
    }

    private static AuditCheck check(String checkId) {
        return AuditCheck.byId(checkId == null ? "" : checkId)
                .orElseThrow(() -> new InvalidRequestException("check: " + checkId
                        + " (expected: a check id of docs/fleet-audit.md, e.g." + " device.certificate.expiring)"));
    }

    private Organization organization(Caller caller, String orgRef) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        return access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
    }
}
