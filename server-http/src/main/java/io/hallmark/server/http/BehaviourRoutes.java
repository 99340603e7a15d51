package io.hallmark.server.http;

import static io.hallmark.server.access.Permission.ALERT_MANAGE;
import static io.hallmark.server.access.Permission.ALERT_READ;
import static io.hallmark.server.access.Permission.PRODUCT_READ;
import static io.hallmark.server.access.Permission.PRODUCT_WRITE;
import static io.hallmark.server.access.Permission.WEBHOOK_MANAGE;

import io.hallmark.core.Ids;
import io.hallmark.protocol.v1.AlertSuppressionRequest;
import io.hallmark.protocol.v1.AlertSuppressionView;
import io.hallmark.protocol.v1.AlertTriage;
import io.hallmark.protocol.v1.AlertView;
import io.hallmark.protocol.v1.BehaviourLimits;
import io.hallmark.protocol.v1.IncidentView;
import io.hallmark.protocol.v1.WebhookCreate;
import io.hallmark.protocol.v1.WebhookView;
import io.hallmark.protocol.v1.Webhooks;
import io.hallmark.server.behaviour.Alert;
import io.hallmark.server.behaviour.AlertState;
import io.hallmark.server.behaviour.AlertSuppression;
import io.hallmark.server.behaviour.Incident;
import io.hallmark.server.behaviour.detect.Thresholds;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.notify.Webhook;
import io.hallmark.server.notify.WebhookService;
import io.hallmark.server.persistence.Page;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Behaviour monitoring's operator routes ({@code docs/behaviour/detection.md}): alerts and incidents (list, read,
 * acknowledge, resolve), suppressions of alerts (make, list, lift) and a product's behaviour limits.
 */
final class BehaviourRoutes {
    private BehaviourRoutes() {}

    static void define(ApiRoutes r, ApiServices s) {
        r.page(
                "GET",
                "/api/v1/alerts",
                "listAlerts",
                "List an organization's behaviour alerts, newest first, optionally by state and device",
                Set.of(ALERT_READ),
                AlertView.class,
                (ctx, c) -> Views.page(
                        s.alerts()
                                .alerts(c, ctx.queryParam("org"), state(ctx), device(s, c, ctx), ApiRoutes.pageOf(ctx)),
                        BehaviourRoutes::view));
        r.route(
                "GET",
                "/api/v1/alerts/{alert}",
                "getAlert",
                "A behaviour alert with its evidence",
                Set.of(ALERT_READ),
                null,
                AlertView.class,
                200,
                false,
                (ctx, c) -> view(s.alerts().alert(c, ctx.pathParam("alert"))));
        r.route(
                "POST",
                "/api/v1/alerts/{alert}/acknowledge",
                "acknowledgeAlert",
                "Acknowledge an alert (someone is on it); repeats still count on it",
                Set.of(ALERT_MANAGE),
                AlertTriage.class,
                AlertView.class,
                200,
                true,
                (ctx, c, body) ->
                        view(s.alerts().triage(c, ctx.pathParam("alert"), AlertState.ACKNOWLEDGED, body.note())));
        r.route(
                "POST",
                "/api/v1/alerts/{alert}/resolve",
                "resolveAlert",
                "Resolve an alert; the same finding again opens a new one",
                Set.of(ALERT_MANAGE),
                AlertTriage.class,
                AlertView.class,
                200,
                true,
                (ctx, c, body) -> view(s.alerts().triage(c, ctx.pathParam("alert"), AlertState.RESOLVED, body.note())));
        r.page(
                "GET",
                "/api/v1/incidents",
                "listIncidents",
                "List an organization's behaviour incidents, newest first, optionally by state",
                Set.of(ALERT_READ),
                IncidentView.class,
                (ctx, c) -> Views.page(
                        s.alerts().incidents(c, ctx.queryParam("org"), state(ctx), ApiRoutes.pageOf(ctx)),
                        BehaviourRoutes::view));
        r.route(
                "GET",
                "/api/v1/incidents/{incident}",
                "getIncident",
                "A behaviour incident with its alert and device counts",
                Set.of(ALERT_READ),
                null,
                IncidentView.class,
                200,
                false,
                (ctx, c) -> view(s.alerts().incident(c, ctx.pathParam("incident"))));
        r.route(
                "POST",
                "/api/v1/incidents/{incident}/resolve",
                "resolveIncident",
                "Resolve an incident; new findings open a new one",
                Set.of(ALERT_MANAGE),
                AlertTriage.class,
                IncidentView.class,
                200,
                true,
                (ctx, c, body) -> view(s.alerts().resolveIncident(c, ctx.pathParam("incident"), body.note())));
        r.route(
                "POST",
                "/api/v1/alert-suppressions",
                "suppressAlerts",
                "Suppress a kind of behaviour finding for a device, a product or the organization until a time, with a"
                        + " reason: still counted, but no alert, event or quarantine",
                Set.of(ALERT_MANAGE),
                AlertSuppressionRequest.class,
                AlertSuppressionView.class,
                201,
                true,
                (ctx, c, body) -> view(
                        s.alerts()
                                .suppressions()
                                .suppress(
                                        c,
                                        body.org(),
                                        ApiRoutes.nonNull(body.kind(), "kind"),
                                        Optional.ofNullable(body.device()).map(ref -> s.identity()
                                                .devices()
                                                .show(c, ref)
                                                .device()),
                                        Optional.ofNullable(body.product()).map(ref -> productId(s, c, ref)),
                                        ApiRoutes.nonNull(body.reason(), "reason"),
                                        ApiRoutes.nonNull(body.until(), "until")),
                        s));
        r.page(
                "GET",
                "/api/v1/alert-suppressions",
                "listAlertSuppressions",
                "List an organization's alert suppressions in force, newest first (all=true: expired and lifted too)",
                Set.of(ALERT_READ),
                AlertSuppressionView.class,
                (ctx, c) -> Views.page(
                        new Page<>(
                                s.alerts()
                                        .suppressions()
                                        .list(c, ctx.queryParam("org"), "true".equals(ctx.queryParam("all"))),
                                Optional.empty()),
                        x -> view(x, s)));
        r.route(
                "POST",
                "/api/v1/alert-suppressions/{suppression}/lift",
                "liftAlertSuppression",
                "Lift a suppression before its expiry: what it covered raises alerts again",
                Set.of(ALERT_MANAGE),
                AlertTriage.class,
                AlertSuppressionView.class,
                200,
                true,
                (ctx, c, body) ->
                        view(s.alerts().suppressions().lift(c, ctx.pathParam("suppression"), body.note()), s));
        r.route(
                "GET",
                "/api/v1/products/{product}/behaviour-limits",
                "getBehaviourLimits",
                "A product's behaviour limits: per metric the highest value its devices may report",
                Set.of(PRODUCT_READ),
                null,
                BehaviourLimits.class,
                200,
                false,
                (ctx, c) -> limits(
                        ctx.pathParam("product"),
                        s.identity().products().behaviourLimits(c, ctx.queryParam("org"), ctx.pathParam("product"))));
        r.route(
                "PUT",
                "/api/v1/products/{product}/behaviour-limits",
                "setBehaviourLimits",
                "Set a product's behaviour limits (an empty object removes them); a device above one is a high finding",
                Set.of(PRODUCT_WRITE),
                BehaviourLimits.class,
                BehaviourLimits.class,
                200,
                true,
                (ctx, c, body) -> limits(
                        ctx.pathParam("product"),
                        s.identity()
                                .products()
                                .setBehaviourLimits(
                                        c, ctx.queryParam("org"), ctx.pathParam("product"), body.limits())));
    }

    /** Webhooks: receivers of an organization's security events (docs/webhooks.md). */
    static void defineWebhooks(ApiRoutes r, ApiServices s) {
        r.route(
                "POST",
                "/api/v1/webhooks",
                "createWebhook",
                "Add a receiver of the organization's security events; the answer holds its signing secret, once",
                Set.of(WEBHOOK_MANAGE),
                WebhookCreate.class,
                WebhookView.class,
                201,
                true,
                (ctx, c, body) -> {
                    WebhookService.Created made = s.webhooks()
                            .create(
                                    c,
                                    body.org(),
                                    body.url(),
                                    body.events(),
                                    Boolean.TRUE.equals(body.allowPrivateNetwork()));
                    return view(made.webhook(), made.secret());
                });
        r.route(
                "GET",
                "/api/v1/webhooks",
                "listWebhooks",
                "The organization's webhooks (without their secrets)",
                Set.of(WEBHOOK_MANAGE),
                null,
                Webhooks.class,
                200,
                false,
                (ctx, c) -> new Webhooks(s.webhooks().list(c, ctx.queryParam("org")).stream()
                        .map(w -> view(w, null))
                        .toList()));
        r.route(
                "DELETE",
                "/api/v1/webhooks/{webhook}",
                "deleteWebhook",
                "Remove a webhook: nothing more is sent to it",
                Set.of(WEBHOOK_MANAGE),
                null,
                null,
                204,
                true,
                (ctx, c) -> {
                    s.webhooks().delete(c, ctx.pathParam("webhook"));
                    return null;
                });
    }

    private static WebhookView view(Webhook w, String secret) {
        return new WebhookView(
                w.id(),
                w.orgId(),
                w.url().toString(),
                w.events(),
                w.allowPrivate(),
                w.createdBy(),
                w.createdAt(),
                secret);
    }

    /** A product named by id (any manufacturer's), or by model within the caller's organization. */
    private static String productId(ApiServices s, io.hallmark.server.access.Caller c, String ref) {
        if (Ids.isId(ref, "prd")) {
            return s.identity()
                    .products()
                    .findById(ref)
                    .orElseThrow(() -> new NotFoundException("no product " + ref))
                    .id();
        }
        return s.identity().products().get(c, null, ref).id();
    }

    private static AlertSuppressionView view(AlertSuppression x, ApiServices s) {
        return new AlertSuppressionView(
                x.id(),
                x.orgId(),
                x.kind(),
                x.scope().wire(),
                x.target(),
                x.reason(),
                x.expiresAt(),
                x.isActive(s.clock().instant()),
                s.alerts().suppressions().covered(x.id()),
                x.createdBy(),
                x.createdAt(),
                x.lifted().map(Alert.Triage::by).orElse(null),
                x.lifted().map(Alert.Triage::at).orElse(null),
                x.lifted().map(Alert.Triage::note).orElse(null));
    }

    private static BehaviourLimits limits(String product, Thresholds t) {
        Map<String, Double> m = new TreeMap<>();
        t.limits().forEach((metric, v) -> m.put(metric.wire(), v));
        return new BehaviourLimits(product, m);
    }

    private static Optional<AlertState> state(Context ctx) {
        String state = ctx.queryParam("state");
        if (state == null) {
            return Optional.empty();
        }
        return Optional.of(AlertState.parse(state)
                .orElseThrow(() -> new InvalidRequestException(
                        "state: " + state + " (expected: open, acknowledged or resolved)")));
    }

    /** The device filter: a device id or serial the caller may read, resolved to its id. */
    private static Optional<String> device(ApiServices s, io.hallmark.server.access.Caller c, Context ctx) {
        String ref = ctx.queryParam("device");
        if (ref == null) {
            return Optional.empty();
        }
        return Optional.of(s.identity().devices().show(c, ref).device().id());
    }

    static AlertView view(Alert a) {
        return new AlertView(
                a.id(),
                a.orgId(),
                a.deviceId(),
                a.serial(),
                a.finding().id(),
                a.finding().severity().wire(),
                a.finding().subject(),
                a.finding().expected(),
                a.finding().actual(),
                a.finding().destination(),
                a.state().wire(),
                a.firstSeen(),
                a.lastSeen(),
                a.count(),
                a.incidentId(),
                a.triage().map(Alert.Triage::by).orElse(null),
                a.triage().map(Alert.Triage::at).orElse(null),
                a.triage().map(Alert.Triage::note).orElse(null));
    }

    static IncidentView view(Incident i) {
        return new IncidentView(
                i.id(),
                i.orgId(),
                i.kind().wire(),
                i.subject(),
                i.severity().wire(),
                i.state().wire(),
                i.opened(),
                i.updated(),
                i.alerts(),
                i.devices(),
                i.triage().map(Alert.Triage::by).orElse(null),
                i.triage().map(Alert.Triage::note).orElse(null));
    }
}
