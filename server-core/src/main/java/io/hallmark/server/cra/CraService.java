package io.hallmark.server.cra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.core.Checks;
import io.hallmark.core.Ids;
import io.hallmark.protocol.v1.CraReportView;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.events.EventBus;
import io.hallmark.server.events.SecurityEvent;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.vuln.ReleaseExposure;
import io.hallmark.server.vuln.VulnService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cyber Resilience Act reporting cases (docs/cra.md). Opening, submitting and closing need
 * {@link Permission#CRA_MANAGE} and are audited in the transaction that stores them; reading and drafting need
 * {@link Permission#CRA_READ}. {@link #remind()} runs on a schedule and publishes each deadline event once.
 */
public final class CraService {
    /** Most open cases looked at per reminder pass. */
    static final int REMIND_LIMIT = 10_000;
    /** Clock skew allowed for an awareness time "now". */
    static final Duration SKEW = Duration.ofMinutes(5);

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final VulnService vulnerabilities;
    private final EventBus events;
    private final Clock clock;

    /** A case with its deadlines, submissions and reminders. */
    public record Details(
            CraCase c,
            List<Deadlines.Deadline> deadlines,
            List<CraSubmission> submissions,
            List<CraReminder> reminders) {}

    /** Creates the service. */
    public CraService(
            Transactor tx,
            AuditLog audit,
            Guard guard,
            AccessService access,
            VulnService vulnerabilities,
            EventBus events,
            Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.access = Checks.notNull(access, "access");
        this.vulnerabilities = Checks.notNull(vulnerabilities, "vulnerabilities");
        this.events = Checks.notNull(events, "events");
        this.clock = Checks.notNull(clock, "clock");
    }

    /**
     * Opens a case in {@code orgRef} (null: the caller's) for an advisory the exposure shows (vulnerability) or a
     * behaviour incident of the organization (incident).
     */
    public CraCase open(
            Caller caller,
            String orgRef,
            CraKind kind,
            String subject,
            Instant awareAt,
            String summary,
            Optional<Instant> fixAvailableAt) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.CRA_MANAGE, org.id(), "cra.open", org.id());
        Instant now = clock.instant();
        String what = required(summary, "summary", 2000);
        if (awareAt == null || awareAt.isAfter(now.plus(SKEW))) {
            throw new InvalidRequestException("awareAt: " + awareAt + " (expected: a time not in the future)");
        }
        if (fixAvailableAt.isPresent() && fixAvailableAt.get().isAfter(now.plus(SKEW))) {
            throw new InvalidRequestException(
                    "fixAvailableAt: " + fixAvailableAt.get() + " (expected: a time not in the future)");
        }
        String id = required(subject, kind == CraKind.VULNERABILITY ? "advisory" : "incident", 128);
        Optional<Instant> fix = fixAvailableAt;
        String stored;
        if (kind == CraKind.VULNERABILITY) {
            List<ReleaseExposure> hits = exposures(org.id(), id);
            if (hits.isEmpty()) {
                throw new InvalidRequestException("advisory: " + id
                        + " affects no published release of the organization (expected: an advisory the exposure"
                        + " shows)");
            }
            stored = hits.get(0).advisory().id();
            if (fix.isEmpty()) {
                fix = hits.stream()
                        .flatMap(h -> h.fixedBy().stream())
                        .map(r -> r.publishedAt())
                        .min(Instant::compareTo);
            }
        } else {
            CraFacts.Incident i = tx.read(s -> s.cra().incident(id))
                    .filter(x -> x.orgId().equals(org.id()))
                    .orElseThrow(() -> new InvalidRequestException(
                            "incident: " + id + " (expected: a behaviour incident of the organization)"));
            stored = i.id();
        }
        CraCase c = new CraCase(
                Ids.newId("cra"),
                org.id(),
                kind,
                stored,
                what,
                awareAt,
                fix,
                true,
                caller.principal().userId(),
                now,
                Optional.empty(),
                Optional.empty());
        tx.inTransaction(s -> {
            s.cra().insert(c);
            audit.record(
                    s,
                    caller.record(
                            "cra.open",
                            Optional.of(org.id()),
                            c.id(),
                            Outcome.SUCCESS,
                            kind.wire() + " " + stored + ", aware at " + awareAt,
                            Severity.WARNING));
            return null;
        });
        return c;
    }

    /** Cases of {@code orgRef} (null: the caller's), newest first. */
    public Page<CraCase> cases(Caller caller, String orgRef, PageRequest page) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.CRA_READ, org.id(), "cra.read", org.id());
        return tx.read(s -> s.cra().list(org.id(), page));
    }

    /** One case with its deadlines, submissions and reminders. */
    public Details details(Caller caller, String id) {
        CraCase c = find(id);
        guard.check(caller, Permission.CRA_READ, c.orgId(), "cra.read", c.id());
        return details(c);
    }

    private Details details(CraCase c) {
        return tx.read(s -> {
            List<CraSubmission> subs = s.cra().submissions(c.id());
            return new Details(c, Deadlines.of(c, times(subs)), subs, s.cra().reminders(c.id()));
        });
    }

    /** The report of {@code stage}: as submitted when it was, else a draft made now. */
    public CraReportView report(Caller caller, String id, CraStage stage) {
        CraCase c = find(id);
        guard.check(caller, Permission.CRA_READ, c.orgId(), "cra.read", c.id());
        Details d = details(c);
        for (CraSubmission sub : d.submissions()) {
            if (sub.stage() == stage) {
                return parse(sub.report());
            }
        }
        return draft(d, stage);
    }

    private CraReportView draft(Details d, CraStage stage) {
        CraCase c = d.c();
        String orgName =
                access.findOrganization(c.orgId()).map(Organization::name).orElse(c.orgId());
        List<ReleaseExposure> exposures =
                c.kind() == CraKind.VULNERABILITY ? exposures(c.orgId(), c.subject()) : List.of();
        Set<String> fixing = new LinkedHashSet<>();
        exposures.forEach(e -> e.fixedBy().ifPresent(r -> fixing.add(r.id())));
        Optional<CraFacts.Incident> incident =
                c.kind() == CraKind.INCIDENT ? tx.read(s -> s.cra().incident(c.subject())) : Optional.empty();
        List<CraFacts.Rollout> rollouts =
                fixing.isEmpty() ? List.of() : tx.read(s -> s.cra().rollouts(c.orgId(), List.copyOf(fixing)));
        return ReportDrafter.draft(new ReportDrafter.Input(
                c, stage, orgName, clock.instant(), d.deadlines(), exposures, incident, rollouts));
    }

    /** Records that the report of {@code stage} was submitted, now, as drafted now; once per stage. */
    public CraSubmission submit(Caller caller, String id, CraStage stage) {
        CraCase c = find(id);
        guard.check(caller, Permission.CRA_MANAGE, c.orgId(), "cra.submit", c.id());
        if (!c.open()) {
            throw new ConflictException("case " + id + " is closed");
        }
        Details d = details(c);
        if (d.submissions().stream().anyMatch(x -> x.stage() == stage)) {
            throw new ConflictException("the " + stage.wire() + " of case " + id + " was already submitted");
        }
        Instant now = clock.instant();
        CraReportView submitted =
                draft(d, stage).submitted(now.toString(), caller.principal().userId());
        CraSubmission sub =
                new CraSubmission(c.id(), stage, now, caller.principal().userId(), write(submitted));
        Deadlines.Deadline deadline = Deadlines.of(d.deadlines(), stage);
        String late = deadline.due()
                .filter(now::isAfter)
                .map(x -> " (after its deadline " + x + ")")
                .orElse("");
        tx.inTransaction(s -> {
            s.cra().insertSubmission(sub);
            audit.record(
                    s,
                    caller.record(
                            "cra.submit",
                            Optional.of(c.orgId()),
                            c.id(),
                            Outcome.SUCCESS,
                            stage.wire() + " submitted" + late,
                            late.isEmpty() ? Severity.INFO : Severity.WARNING));
            return null;
        });
        return sub;
    }

    /**
     * Records when a corrective or mitigating measure became available for a vulnerability case: the final report's
     * 14 days count from it (Art. 14(2)(c)). Allowed until the final report is submitted.
     */
    public CraCase fix(Caller caller, String id, Instant fixAvailableAt) {
        CraCase c = find(id);
        guard.check(caller, Permission.CRA_MANAGE, c.orgId(), "cra.fix", c.id());
        if (fixAvailableAt == null || fixAvailableAt.isAfter(clock.instant().plus(SKEW))) {
            throw new InvalidRequestException(
                    "fixAvailableAt: " + fixAvailableAt + " (expected: a time not in the future)");
        }
        if (c.kind() != CraKind.VULNERABILITY) {
            throw new InvalidRequestException("case " + id + " is about an incident (expected: a vulnerability case)");
        }
        Details d = details(c);
        if (!c.open() || d.submissions().stream().anyMatch(x -> x.stage() == CraStage.FINAL)) {
            throw new ConflictException("case " + id + " is closed or its final report was submitted");
        }
        tx.inTransaction(s -> {
            if (!s.cra().setFix(c.id(), fixAvailableAt)) {
                throw new ConflictException("case " + id + " changed meanwhile; read it again");
            }
            audit.record(
                    s,
                    caller.record(
                            "cra.fix",
                            Optional.of(c.orgId()),
                            c.id(),
                            Outcome.SUCCESS,
                            "fix available at " + fixAvailableAt + " (was "
                                    + c.fixAvailableAt().map(Instant::toString).orElse("unknown") + ")",
                            Severity.INFO));
            return null;
        });
        return find(id);
    }

    /** Closes an open case with a note. */
    public CraCase close(Caller caller, String id, String note) {
        String why = required(note, "note", 1000);
        CraCase c = find(id);
        guard.check(caller, Permission.CRA_MANAGE, c.orgId(), "cra.close", c.id());
        if (!c.open()) {
            throw new ConflictException("case " + id + " is already closed");
        }
        CraCase closed = c.closed(clock.instant(), why);
        tx.inTransaction(s -> {
            if (!s.cra().close(closed)) {
                throw new ConflictException("case " + id + " changed meanwhile; read it again");
            }
            audit.record(
                    s, caller.record("cra.close", Optional.of(c.orgId()), c.id(), Outcome.SUCCESS, why, Severity.INFO));
            return null;
        });
        return closed;
    }

    /**
     * Publishes the deadline events due now, each once: {@code cra.deadline.approaching} when 50% and 90% of a
     * stage's window have passed, {@code cra.deadline.missed} when it is due and not submitted. Each is audited in the
     * transaction that records it and published after that commits.
     *
     * @return how many events were published
     */
    public int remind() {
        Instant now = clock.instant();
        int published = 0;
        for (CraCase c : tx.read(s -> s.cra().open(REMIND_LIMIT))) {
            Details d = details(c);
            Map<CraStage, Instant> done = times(d.submissions());
            for (Deadlines.Deadline dl : d.deadlines()) {
                for (int t : Deadlines.reached(dl, done.containsKey(dl.stage()), now)) {
                    boolean known = d.reminders().stream().anyMatch(r -> r.stage() == dl.stage() && r.threshold() == t);
                    if (known) {
                        continue;
                    }
                    CraReminder r = new CraReminder(c.id(), dl.stage(), t, now);
                    String message = "CRA case " + c.id() + " (" + c.kind().wire() + " " + c.subject() + "): "
                            + dl.stage().wire() + (t >= 100 ? " missed its deadline " : " deadline ")
                            + dl.due().orElseThrow()
                            + (t >= 100 ? "" : " is near (" + t + "% of the window passed)");
                    boolean stored = tx.inTransaction(s -> {
                        if (!s.cra().insertReminder(r)) {
                            return false;
                        }
                        audit.record(s, system(r.event(), c, message, t >= 100 ? Severity.HIGH : Severity.WARNING));
                        return true;
                    });
                    if (stored) {
                        events.publish(new SecurityEvent(r.event(), Optional.of(c.orgId()), c.id(), message, now));
                        published++;
                    }
                }
            }
        }
        return published;
    }

    private List<ReleaseExposure> exposures(String orgId, String advisory) {
        List<ReleaseExposure> out = new ArrayList<>();
        for (ReleaseExposure e : vulnerabilities.releaseExposures(orgId)) {
            if (e.advisory().id().equals(advisory) || e.advisory().aliases().contains(advisory)) {
                out.add(e);
            }
        }
        return out;
    }

    private CraCase find(String id) {
        return tx.read(s -> s.cra().find(id)).orElseThrow(() -> new NotFoundException("no CRA case " + id));
    }

    private static Map<CraStage, Instant> times(List<CraSubmission> subs) {
        Map<CraStage, Instant> out = new EnumMap<>(CraStage.class);
        subs.forEach(x -> out.put(x.stage(), x.submittedAt()));
        return out;
    }

    private static String required(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("field '" + field + "': required");
        }
        if (value.length() > max) {
            throw new InvalidRequestException("field '" + field + "': at most " + max + " characters");
        }
        return value.strip();
    }

    private Organization organization(Caller caller, String orgRef) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        return access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
    }

    private static AuditRecord system(String action, CraCase c, String reason, Severity severity) {
        return new AuditRecord(
                "system",
                Optional.of(c.orgId()),
                action,
                Optional.of(c.id()),
                Outcome.SUCCESS,
                Optional.of(reason.length() > 900 ? reason.substring(0, 900) : reason),
                Optional.empty(),
                severity,
                Optional.empty());
    }

    /** The JSON export of a report (schema {@code hallmark-cra-report/1}). */
    public static String write(CraReportView report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report not writable", e);
        }
    }

    static CraReportView parse(String json) {
        try {
            return JSON.readValue(json, CraReportView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored report not readable", e);
        }
    }
}
