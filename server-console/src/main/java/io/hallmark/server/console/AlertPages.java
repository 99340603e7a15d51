package io.hallmark.server.console;

import io.hallmark.server.access.Permission;
import io.hallmark.server.behaviour.Alert;
import io.hallmark.server.behaviour.AlertState;
import io.hallmark.server.behaviour.AlertSuppressions;
import io.hallmark.server.behaviour.Incident;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.http.ApiServices;
import io.hallmark.server.identity.Device;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Alerts and incidents: the list, triage (acknowledge, resolve), suppressing an alert's kind of finding on its device
 * until an expiry with a reason, and lifting a suppression; each calls the service method the API calls, which
 * checks the permission and audits the change in its transaction.
 */
final class AlertPages {
    private static final int PAGE = 50;

    private final ApiServices s;
    private final Pages pages;

    AlertPages(ApiServices services, Pages pages) {
        this.s = services;
        this.pages = pages;
    }

    void alerts(Context ctx, Console.Signed who) {
        String state = Forms.trim(ctx.queryParam("state"));
        Optional<AlertState> filter = state == null
                ? Optional.empty()
                : Optional.of(
                        AlertState.parse(state).orElseThrow(() -> new InvalidRequestException("state: " + state)));
        Page<Alert> page = s.alerts().alerts(who.caller(), null, filter, Optional.empty(), Forms.pageOf(ctx));
        List<Incident> incidents = s.alerts()
                .incidents(who.caller(), null, filter, PageRequest.first(PAGE))
                .items();
        String next = page.next()
                .map(n ->
                        "/alerts?" + (state == null ? "" : "state=" + Forms.enc(state) + "&") + "after=" + Forms.enc(n))
                .orElse(null);
        pages.render(
                ctx,
                200,
                "alerts.jte",
                new Model.Alerts(
                        pages.frame(who, "Alerts and incidents", "alerts"),
                        state,
                        pages.alertRows(who, page.items()),
                        pages.incidentRows(who, incidents),
                        next,
                        suppressionRows(who)));
    }

    private List<Model.SuppressionRow> suppressionRows(Console.Signed who) {
        return s.alerts().suppressions().list(who.caller(), null, false).stream()
                .map(x -> new Model.SuppressionRow(
                        x.id(),
                        x.kind(),
                        x.scope().name().toLowerCase(java.util.Locale.ROOT),
                        x.target(),
                        x.reason(),
                        Forms.time(x.expiresAt()),
                        who.principal().may(Permission.ALERT_MANAGE, x.orgId())))
                .toList();
    }

    void triage(Context ctx, Console.Signed who) {
        AlertState to =
                switch (ctx.pathParam("verb")) {
                    case "acknowledge" -> AlertState.ACKNOWLEDGED;
                    case "resolve" -> AlertState.RESOLVED;
                    case "suppress" -> null;
                    default -> throw new io.hallmark.server.errors.NotFoundException("no such action");
                };
        if (to == null) {
            suppress(ctx, who);
            return;
        }
        s.alerts().triage(who.caller(), ctx.pathParam("alert"), to, Forms.reason(ctx, "note"));
        ctx.redirect("/alerts", HttpStatus.SEE_OTHER);
    }

    /**
     * Suppresses the alert's kind of finding on its device for the days chosen, with a reason: the same call as {@code
     * POST /api/v1/alert-suppressions}, which checks {@code ALERT_MANAGE} and audits it in its transaction.
     */
    private void suppress(Context ctx, Console.Signed who) {
        Alert a = s.alerts().alert(who.caller(), ctx.pathParam("alert"));
        String reason = Forms.reason(ctx, "reason");
        Duration days = Duration.ofDays(Forms.days(ctx, "days", AlertSuppressions.MAX_DURATION.toDays()));
        Device d = s.identity().devices().show(who.caller(), a.deviceId()).device();
        s.alerts()
                .suppressions()
                .suppress(
                        who.caller(),
                        a.orgId(),
                        a.finding().id(),
                        Optional.of(d),
                        Optional.empty(),
                        reason,
                        s.clock().instant().plus(days));
        ctx.redirect("/alerts", HttpStatus.SEE_OTHER);
    }

    void liftSuppression(Context ctx, Console.Signed who) {
        s.alerts().suppressions().lift(who.caller(), ctx.pathParam("suppression"), Forms.reason(ctx, "note"));
        ctx.redirect("/alerts", HttpStatus.SEE_OTHER);
    }

    void resolveIncident(Context ctx, Console.Signed who) {
        s.alerts().resolveIncident(who.caller(), ctx.pathParam("incident"), Forms.reason(ctx, "note"));
        ctx.redirect("/alerts", HttpStatus.SEE_OTHER);
    }
}
