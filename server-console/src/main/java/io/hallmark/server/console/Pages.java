package io.hallmark.server.console;

import io.hallmark.server.access.Permission;
import io.hallmark.server.access.Principal;
import io.hallmark.server.attestation.Integrity;
import io.hallmark.server.audit.AuditEntry;
import io.hallmark.server.audit.AuditQuery;
import io.hallmark.server.audit.AuditVerification;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.behaviour.Alert;
import io.hallmark.server.behaviour.AlertState;
import io.hallmark.server.behaviour.Incident;
import io.hallmark.server.behaviour.TelemetryService;
import io.hallmark.server.http.ApiServices;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceService;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.update.Rollout;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The console's pages and form actions; each calls the same service method the API calls. */
final class Pages {
    private static final int PAGE = 50;
    private static final int COUNT_CAP = 500;
    private static final int ROLLOUTS_SHOWN = 5;

    /** Renders a template. */
    @FunctionalInterface
    interface Renderer {
        void render(Context ctx, int status, String template, Object model);
    }

    private final ApiServices s;
    private final Sessions sessions;
    private Renderer renderer;

    Pages(ApiServices services, Sessions sessions) {
        this.s = services;
        this.sessions = sessions;
    }

    void renderWith(Renderer r) {
        this.renderer = r;
    }

    void render(Context ctx, int status, String template, Object model) {
        renderer.render(ctx, status, template, model);
    }

    Model.Frame frame(Console.Signed who, String title, String active) {
        Principal p = who.principal();
        return new Model.Frame(
                title,
                p.userName(),
                p.orgId(),
                who.session().csrf(),
                active,
                p.may(Permission.DEVICE_READ),
                p.may(Permission.ALERT_READ),
                p.may(Permission.AUDIT_READ),
                p.may(Permission.ROLLOUT_READ),
                p.may(Permission.PRODUCT_READ) || p.may(Permission.LABEL_READ),
                p.may(Permission.USER_READ) || p.may(Permission.TOKEN_OWN),
                OrganizationPages.breakGlassBanner(s, p));
    }

    void fleet(Context ctx, Console.Signed who) {
        Principal p = who.principal();
        List<Model.Pair> states = new ArrayList<>();
        List<Model.Pair> integrity = new ArrayList<>();
        if (p.may(Permission.DEVICE_READ)) {
            for (DeviceState st : DeviceState.values()) {
                Page<Device> page =
                        s.identity().devices().list(who.caller(), null, Optional.of(st), PageRequest.first(COUNT_CAP));
                String n = page.items().size() + (page.next().isPresent() ? "+" : "");
                states.add(new Model.Pair(st.wire(), n));
            }
            Map<Integrity, Integer> counts = new EnumMap<>(Integrity.class);
            s.attestation()
                    .queries()
                    .integrityOf(who.caller(), null)
                    .values()
                    .forEach(i -> counts.merge(i, 1, Integer::sum));
            for (Integrity i : Integrity.values()) {
                if (i != Integrity.UNKNOWN) {
                    integrity.add(new Model.Pair(
                            i.name().toLowerCase(java.util.Locale.ROOT), "" + counts.getOrDefault(i, 0)));
                }
            }
        }
        List<Model.AlertRow> alerts = List.of();
        List<Model.IncidentRow> incidents = List.of();
        boolean alertsShown = p.may(Permission.ALERT_READ);
        if (alertsShown) {
            alerts = alertRows(
                    who,
                    s.alerts()
                            .alerts(
                                    who.caller(),
                                    null,
                                    Optional.of(AlertState.OPEN),
                                    Optional.empty(),
                                    PageRequest.first(10))
                            .items());
            incidents = incidentRows(
                    who,
                    s.alerts()
                            .incidents(who.caller(), null, Optional.of(AlertState.OPEN), PageRequest.first(10))
                            .items());
        }
        renderer.render(
                ctx,
                200,
                "fleet.jte",
                new Model.Fleet(
                        frame(who, "Fleet", "fleet"),
                        states,
                        integrity,
                        alerts,
                        incidents,
                        alertsShown,
                        Charts.of(s.fleetHistory().history(who.caller(), Charts.DAYS)),
                        p.may(Permission.ROLLOUT_READ),
                        p.may(Permission.ROLLOUT_READ) ? rolloutsInProgress(who) : List.of()));
    }

    /** The newest rollouts still running or paused, at most {@value #ROLLOUTS_SHOWN}. */
    private List<Model.RolloutBar> rolloutsInProgress(Console.Signed who) {
        List<Model.RolloutBar> out = new ArrayList<>();
        for (Rollout r :
                s.rollouts().list(who.caller(), null, PageRequest.first(PAGE)).items()) {
            if ((r.state() == Rollout.State.RUNNING || r.state() == Rollout.State.PAUSED)
                    && out.size() < ROLLOUTS_SHOWN) {
                out.add(new Model.RolloutBar(
                        r.id(),
                        r.releaseId(),
                        r.state().name().toLowerCase(java.util.Locale.ROOT),
                        r.total(),
                        r.installed(),
                        r.failed(),
                        ReleasePages.percent(r.installed(), r.total()),
                        ReleasePages.percent(r.failed(), r.total())));
            }
        }
        return out;
    }

    void device(Context ctx, Console.Signed who) {
        DeviceService.DeviceDetail d = s.identity().devices().show(who.caller(), ctx.pathParam("device"));
        Device dev = d.device();
        Principal p = who.principal();
        String org = dev.ownerId().orElse(dev.namespace());
        List<Model.Pair> identity = List.of(
                new Model.Pair("Id", dev.id()),
                new Model.Pair("Serial", dev.serial()),
                new Model.Pair("Namespace", dev.namespace()),
                new Model.Pair("Manufacturer", dev.manufacturerId().orElse("—")),
                new Model.Pair("Product", dev.productId().orElse("—")),
                new Model.Pair("Owner", dev.ownerId().orElse("—")),
                new Model.Pair("Added", Forms.time(dev.createdAt())));
        List<Model.CertRow> certs = d.certificates().stream()
                .map(c -> new Model.CertRow(
                        c.caAlias(),
                        c.serialNumber().toString(16),
                        c.purpose().name().toLowerCase(java.util.Locale.ROOT),
                        Forms.time(c.notBefore()),
                        Forms.time(c.notAfter()),
                        c.status().wire()))
                .toList();
        List<Model.EventRow> events = d.events().stream()
                .map(e -> new Model.EventRow(
                        Forms.time(e.at()),
                        e.action(),
                        e.from().map(DeviceState::wire).orElse("—"),
                        e.to().wire(),
                        e.actor(),
                        e.reason().orElse("")))
                .toList();
        List<Model.Pair> telemetry = new ArrayList<>();
        Optional<TelemetryService.Latest> latest = s.telemetry().latest(who.caller(), dev.id());
        latest.ifPresent(l -> {
            telemetry.add(new Model.Pair("Received", Forms.time(l.receivedAt())));
            telemetry.add(new Model.Pair(
                    "Bytes out / in", l.report().bytesOut() + " / " + l.report().bytesIn()));
            telemetry.add(new Model.Pair(
                    "Connections attempted / established",
                    l.report().connAttempted() + " / " + l.report().connEstablished()));
            telemetry.add(new Model.Pair(
                    "Destinations", "" + l.report().destinations().size()));
            telemetry.add(new Model.Pair(
                    "Policy violations", l.violations().isEmpty() ? "none" : String.join(", ", l.violations())));
        });
        boolean alertsShown = p.may(Permission.ALERT_READ, org);
        List<Model.AlertRow> alerts = alertsShown
                ? alertRows(
                        who,
                        s.alerts()
                                .alerts(
                                        who.caller(),
                                        org,
                                        Optional.empty(),
                                        Optional.of(dev.id()),
                                        PageRequest.first(PAGE))
                                .items())
                : List.of();
        boolean operate = p.may(Permission.DEVICE_OPERATE, org);
        renderer.render(
                ctx,
                200,
                "device.jte",
                new Model.Device(
                        frame(who, "Device " + dev.serial(), "devices"),
                        Forms.row(dev),
                        identity,
                        certs,
                        events,
                        telemetry,
                        alerts,
                        alertsShown,
                        operate
                                && dev.state().canMoveTo(DeviceState.QUARANTINED)
                                && dev.state() != DeviceState.QUARANTINED,
                        operate && dev.state() == DeviceState.QUARANTINED));
    }

    void quarantine(Context ctx, Console.Signed who) {
        Device d =
                s.identity().devices().quarantine(who.caller(), ctx.pathParam("device"), Forms.reason(ctx, "reason"));
        ctx.redirect("/devices/" + Forms.enc(d.id()), HttpStatus.SEE_OTHER);
    }

    void release(Context ctx, Console.Signed who) {
        Device d = s.identity().devices().release(who.caller(), ctx.pathParam("device"), Forms.reason(ctx, "reason"));
        ctx.redirect("/devices/" + Forms.enc(d.id()), HttpStatus.SEE_OTHER);
    }

    void audit(Context ctx, Console.Signed who) {
        String action = Forms.trim(ctx.queryParam("action"));
        String actor = Forms.trim(ctx.queryParam("actor"));
        String outcome = Forms.trim(ctx.queryParam("outcome"));
        AuditQuery q = new AuditQuery(
                Optional.empty(),
                Optional.ofNullable(actor),
                Optional.ofNullable(action),
                Optional.ofNullable(outcome).map(Outcome::fromWire),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        Page<AuditEntry> page = s.audit().list(who.caller(), q, Forms.pageOf(ctx));
        List<Model.AuditRow> rows = page.items().stream()
                .map(e -> new Model.AuditRow(
                        e.seq(),
                        Forms.time(e.time()),
                        e.record().actor(),
                        e.record().action(),
                        e.record().target().orElse(""),
                        e.record().outcome().wireName(),
                        e.record().reason().orElse("")))
                .toList();
        StringBuilder base = new StringBuilder("/audit?");
        if (action != null) {
            base.append("action=").append(Forms.enc(action)).append('&');
        }
        if (actor != null) {
            base.append("actor=").append(Forms.enc(actor)).append('&');
        }
        if (outcome != null) {
            base.append("outcome=").append(Forms.enc(outcome)).append('&');
        }
        String next = page.next().map(n -> base + "after=" + Forms.enc(n)).orElse(null);
        Optional<String> verification =
                sessions.find(who.session().id(), false) instanceof Sessions.Live(Sessions.Session l)
                        ? l.verification()
                        : Optional.empty();
        renderer.render(
                ctx,
                200,
                "audit.jte",
                new Model.Audit(
                        frame(who, "Audit log", "audit"),
                        action,
                        actor,
                        outcome,
                        rows,
                        next,
                        verification.orElse("Not verified in this session."),
                        who.principal().may(Permission.AUDIT_VERIFY)));
    }

    void verify(Context ctx, Console.Signed who) {
        AuditVerification v = s.audit().verify(who.caller());
        String text = v.ok()
                ? "Verified at " + Forms.time(s.clock().instant()) + ": " + v.entries() + " entries and "
                        + v.checkpoints() + " checkpoints, no finding."
                : "Broken at " + Forms.time(s.clock().instant()) + ": first bad entry "
                        + v.firstBrokenSeq().map(String::valueOf).orElse("?") + ", "
                        + v.findings().size() + " findings.";
        sessions.remember(who.session(), text);
        ctx.redirect("/audit", HttpStatus.SEE_OTHER);
    }

    List<Model.AlertRow> alertRows(Console.Signed who, List<Alert> alerts) {
        return alerts.stream()
                .map(a -> new Model.AlertRow(
                        a.id(),
                        a.serial(),
                        a.deviceId(),
                        a.finding().id() + ": " + a.finding().subject(),
                        a.finding().severity().name().toLowerCase(java.util.Locale.ROOT),
                        a.state().wire(),
                        Forms.time(a.lastSeen()),
                        a.count(),
                        a.state() != AlertState.RESOLVED && who.principal().may(Permission.ALERT_MANAGE, a.orgId())))
                .toList();
    }

    List<Model.IncidentRow> incidentRows(Console.Signed who, List<Incident> incidents) {
        return incidents.stream()
                .map(i -> new Model.IncidentRow(
                        i.id(),
                        i.kind().name().toLowerCase(java.util.Locale.ROOT),
                        i.subject(),
                        i.severity().name().toLowerCase(java.util.Locale.ROOT),
                        i.state().wire(),
                        Forms.time(i.opened()),
                        i.alerts(),
                        i.devices(),
                        i.state() != AlertState.RESOLVED && who.principal().may(Permission.ALERT_MANAGE, i.orgId())))
                .toList();
    }
}
