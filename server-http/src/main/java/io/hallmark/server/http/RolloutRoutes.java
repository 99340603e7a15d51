package io.hallmark.server.http;

import static io.hallmark.server.access.Permission.ROLLOUT_MANAGE;
import static io.hallmark.server.access.Permission.ROLLOUT_READ;
import static io.hallmark.server.http.ApiRoutes.nonNull;
import static io.hallmark.server.http.ApiRoutes.pageOf;

import io.hallmark.protocol.v1.AssignmentReport;
import io.hallmark.protocol.v1.RolloutAction;
import io.hallmark.protocol.v1.RolloutCreate;
import io.hallmark.protocol.v1.RolloutView;
import io.hallmark.server.update.Rollout;
import io.hallmark.server.update.RolloutDelivery;
import io.hallmark.server.update.RolloutDevice;
import io.hallmark.server.update.RolloutRequest;
import io.hallmark.server.update.RolloutService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Update rollouts: on the operator API under {@code /api/v1/rollouts} (create, list, show, pause, resume, cancel);
 * on the device port {@code GET /update/assignment} (the device's signed assignment), {@code POST /update/report}
 * (its outcome) and {@code GET /update/assignment-key} (the key assignments are signed with).
 */
final class RolloutRoutes {
    private static final String PATH = "/api/v1/rollouts";

    private final RolloutDelivery delivery;

    RolloutRoutes(RolloutDelivery delivery) {
        this.delivery = delivery;
    }

    /** The device port's routes. */
    void register(RoutesConfig routes) {
        routes.addHttpHandler(HandlerType.GET, "/update/assignment", this::assignment);
        routes.addHttpHandler(HandlerType.POST, "/update/report", this::report);
        routes.addHttpHandler(HandlerType.GET, "/update/assignment-key", ctx -> {
            ctx.header("Cache-Control", "no-cache");
            ctx.contentType("application/x-pem-file").result(delivery.signingKeyPem());
        });
    }

    private void assignment(Context ctx) {
        RolloutDelivery.Answer a =
                delivery.assignment(BrskiRoutes.clientCertificate(ctx).orElse(null), RequestIds.of(ctx));
        ctx.header("Cache-Control", "no-store");
        if (a.jws().isEmpty()) {
            if (a.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", String.valueOf(a.retryAfterSeconds()));
            }
            ctx.status(204);
            return;
        }
        ctx.contentType("application/json")
                .result(Json.encode(Map.of("assignment", a.jws().get())));
    }

    private void report(Context ctx) {
        AssignmentReport b = Json.decode(ctx.bodyAsBytes(), AssignmentReport.class);
        RolloutDevice d = delivery.report(
                BrskiRoutes.clientCertificate(ctx).orElse(null),
                nonNull(b.rollout(), "rollout"),
                nonNull(b.state(), "state"),
                b.reason(),
                RequestIds.of(ctx));
        ctx.contentType("application/json")
                .result(Json.encode(
                        Map.of("rollout", d.rolloutId(), "state", d.state().wire())));
    }

    /** The operator API's routes. */
    static void define(ApiRoutes r, ApiServices s) {
        RolloutService rollouts = s.rollouts();
        r.route(
                "POST",
                PATH,
                "createRollout",
                "Roll a release out to the owner's active devices of its product in waves, with success and failure"
                        + " thresholds, a rate limit and a maintenance window",
                Set.of(ROLLOUT_MANAGE),
                RolloutCreate.class,
                RolloutView.class,
                201,
                true,
                (ctx, c, b) -> view(
                        rollouts.create(
                                c,
                                new RolloutRequest(
                                        b.org(),
                                        nonNull(b.release(), "release"),
                                        nonNull(b.waves(), "waves"),
                                        b.successPercent() == null ? 95 : b.successPercent(),
                                        b.failurePercent() == null ? 5 : b.failurePercent(),
                                        b.ratePerMinute() == null ? 0 : b.ratePerMinute(),
                                        b.window(),
                                        Boolean.TRUE.equals(b.security()),
                                        b.tags(),
                                        b.version(),
                                        b.olderThan())),
                        null));
        r.page(
                "GET",
                PATH,
                "listRollouts",
                "List an owner's rollouts (?org=)",
                Set.of(ROLLOUT_READ),
                RolloutView.class,
                (ctx, c) -> Views.page(rollouts.list(c, ctx.queryParam("org"), pageOf(ctx)), x -> view(x, null)));
        r.route(
                "GET",
                PATH + "/{rollout}",
                "getRollout",
                "A rollout with its devices counted by state",
                Set.of(ROLLOUT_READ),
                null,
                RolloutView.class,
                200,
                false,
                (ctx, c) -> {
                    RolloutService.Progress p = rollouts.show(c, ctx.pathParam("rollout"));
                    return view(p.rollout(), p.states());
                });
        r.route(
                "POST",
                PATH + "/{rollout}/pause",
                "pauseRollout",
                "Pause a running rollout: no new deliveries (optional body: reason)",
                Set.of(ROLLOUT_MANAGE),
                null,
                RolloutView.class,
                200,
                true,
                (ctx, c) -> view(rollouts.pause(c, ctx.pathParam("rollout"), reason(ctx)), null));
        r.route(
                "POST",
                PATH + "/{rollout}/resume",
                "resumeRollout",
                "Resume a paused rollout; its wave is checked again at once",
                Set.of(ROLLOUT_MANAGE),
                null,
                RolloutView.class,
                200,
                true,
                (ctx, c) -> view(rollouts.resume(c, ctx.pathParam("rollout")), null));
        r.route(
                "POST",
                PATH + "/{rollout}/cancel",
                "cancelRollout",
                "Cancel a rollout: devices not finished are told not to install (optional body: reason)",
                Set.of(ROLLOUT_MANAGE),
                null,
                RolloutView.class,
                200,
                true,
                (ctx, c) -> view(rollouts.cancel(c, ctx.pathParam("rollout"), reason(ctx)), null));
    }

    private static String reason(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        return Json.decode(body, RolloutAction.class).reason();
    }

    static RolloutView view(Rollout r, Map<RolloutDevice.State, Long> states) {
        Map<String, Long> devices = null;
        if (states != null) {
            devices = new LinkedHashMap<>();
            for (var e : states.entrySet()) {
                devices.put(e.getKey().wire(), e.getValue());
            }
        }
        return new RolloutView(
                r.id(),
                r.orgId(),
                r.releaseId(),
                r.productId(),
                r.selector().tags(),
                r.selector().version().orElse(null),
                r.selector().olderThan().orElse(null),
                r.waves(),
                r.waveCounts(),
                r.wave() + 1,
                r.successPct(),
                r.failurePct(),
                r.ratePerMinute(),
                r.window().orElse(null),
                r.security(),
                r.state().name().toLowerCase(Locale.ROOT),
                r.stateReason().orElse(null),
                r.total(),
                r.released(),
                r.installed(),
                r.failed(),
                devices,
                r.createdBy(),
                r.createdAt(),
                r.updatedAt());
    }
}
