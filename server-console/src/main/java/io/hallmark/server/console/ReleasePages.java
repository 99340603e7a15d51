package io.hallmark.server.console;

import io.hallmark.server.access.Permission;
import io.hallmark.server.access.Principal;
import io.hallmark.server.assurance.Label;
import io.hallmark.server.assurance.LabelState;
import io.hallmark.server.http.ApiServices;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.update.Rollout;
import io.hallmark.server.update.RolloutDevice;
import io.hallmark.server.update.RolloutService;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rollouts (waves and their progress, pause and resume) and products with their trust labels (assessment, label
 * image, QR code, public status), through {@code RolloutService} and {@code LabelService} as the API uses them.
 */
final class ReleasePages {
    private final ApiServices s;
    private final Pages pages;

    ReleasePages(ApiServices services, Pages pages) {
        this.s = services;
        this.pages = pages;
    }

    void rollouts(Context ctx, Console.Signed who) {
        Page<Rollout> page = s.rollouts().list(who.caller(), null, Forms.pageOf(ctx));
        List<Model.RolloutRow> rows = new ArrayList<>();
        for (Rollout r : page.items()) {
            RolloutService.Progress progress = s.rollouts().show(who.caller(), r.id());
            List<Model.Pair> failures = s.fleetHistory().rolloutFailures(who.caller(), r.id()).stream()
                    .map(f -> new Model.Pair(f.state() + ": " + f.reason(), Long.toString(f.count())))
                    .toList();
            rows.add(row(who.principal(), progress, failures));
        }
        String next = page.next().map(n -> "/rollouts?after=" + Forms.enc(n)).orElse(null);
        pages.render(
                ctx, 200, "rollouts.jte", new Model.Rollouts(pages.frame(who, "Rollouts", "rollouts"), rows, next));
    }

    void pause(Context ctx, Console.Signed who) {
        s.rollouts().pause(who.caller(), ctx.pathParam("rollout"), Forms.reason(ctx, "reason"));
        ctx.redirect("/rollouts", HttpStatus.SEE_OTHER);
    }

    void resume(Context ctx, Console.Signed who) {
        s.rollouts().resume(who.caller(), ctx.pathParam("rollout"));
        ctx.redirect("/rollouts", HttpStatus.SEE_OTHER);
    }

    void products(Context ctx, Console.Signed who) {
        Principal p = who.principal();
        boolean productsShown = p.may(Permission.PRODUCT_READ);
        List<Model.ProductRow> products = productsShown
                ? s.identity().products().list(who.caller(), null, PageRequest.first(100)).items().stream()
                        .map(x -> new Model.ProductRow(
                                x.id(),
                                x.model(),
                                x.name(),
                                x.supportUntil().map(Object::toString).orElse("not declared")))
                        .toList()
                : List.of();
        boolean labelsShown = p.may(Permission.LABEL_READ);
        List<Model.LabelRow> labels = labelsShown
                ? s.labels().list(who.caller(), null, PageRequest.first(100)).items().stream()
                        .map(ReleasePages::labelRow)
                        .toList()
                : List.of();
        pages.render(
                ctx,
                200,
                "products.jte",
                new Model.Products(
                        pages.frame(who, "Products and labels", "products"),
                        products,
                        productsShown,
                        labels,
                        labelsShown));
    }

    private static Model.LabelRow labelRow(Label l) {
        return new Model.LabelRow(
                l.id(),
                l.productModel() + " (" + l.productName() + ")",
                l.level().toString(),
                l.reached().toString(),
                l.state().name().toLowerCase(Locale.ROOT),
                l.lastStatus().orElse("not evaluated"),
                l.state() == LabelState.ISSUED || l.state() == LabelState.REVOKED,
                l.assessmentJson());
    }

    private static Model.RolloutRow row(Principal p, RolloutService.Progress progress, List<Model.Pair> failures) {
        Rollout r = progress.rollout();
        List<Model.WaveRow> waves = new ArrayList<>();
        for (int i = 0; i < r.waves().size(); i++) {
            waves.add(new Model.WaveRow(r.waves().get(i), r.waveCounts().get(i), i <= r.wave(), i == r.wave()));
        }
        List<Model.Pair> devices = new ArrayList<>();
        for (Map.Entry<RolloutDevice.State, Long> e : progress.states().entrySet()) {
            devices.add(
                    new Model.Pair(e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '), "" + e.getValue()));
        }
        boolean manage = p.may(Permission.ROLLOUT_MANAGE, r.orgId());
        return new Model.RolloutRow(
                r.id(),
                r.releaseId(),
                r.productId(),
                r.state().name().toLowerCase(Locale.ROOT),
                r.stateReason().orElse(""),
                r.total(),
                r.installed(),
                r.failed(),
                percent(r.installed(), r.total()),
                percent(r.failed(), r.total()),
                waves,
                devices,
                failures,
                manage && r.state() == Rollout.State.RUNNING,
                manage && r.state() == Rollout.State.PAUSED);
    }

    static int percent(long part, long whole) {
        return whole <= 0 ? 0 : (int) Math.min(100, part * 100 / whole);
    }
}
