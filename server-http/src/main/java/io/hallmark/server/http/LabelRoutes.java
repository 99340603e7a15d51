package io.hallmark.server.http;

import static io.hallmark.server.access.Permission.LABEL_ISSUE;
import static io.hallmark.server.access.Permission.LABEL_READ;
import static io.hallmark.server.access.Permission.LABEL_REQUEST;
import static io.hallmark.server.access.Permission.LABEL_REVIEW;
import static io.hallmark.server.access.Permission.LABEL_REVOKE;
import static io.hallmark.server.http.ApiRoutes.nonNull;
import static io.hallmark.server.http.ApiRoutes.pageOf;

import io.hallmark.protocol.v1.LabelRequest;
import io.hallmark.protocol.v1.LabelReview;
import io.hallmark.protocol.v1.LabelRevoke;
import io.hallmark.protocol.v1.LabelStatusView;
import io.hallmark.protocol.v1.LabelView;
import io.hallmark.server.assurance.Label;
import io.hallmark.server.assurance.LabelService;
import io.hallmark.server.assurance.Verification;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The routes of trust labels: the workflow under {@code /api/v1/labels} (token), and the public status at
 * {@code /verify/{labelId}} (no token; JSON for {@code Accept: application/json}, else an HTML page) with the QR code
 * of its URL.
 */
final class LabelRoutes {
    private static final String PATH = "/api/v1/labels";

    private LabelRoutes() {}

    static void define(ApiRoutes r, ApiServices s) {
        LabelService labels = s.labels();
        // before /{label}, so that the literal segment is matched first
        r.pub(
                "GET",
                PATH + "/public-key",
                "labelPublicKey",
                "The label signing public key (PEM), to verify labels offline",
                null,
                "application/x-pem-file",
                (ctx, c) -> new ApiRoutes.Raw(
                        "application/x-pem-file", labels.publicKeyPem().getBytes(StandardCharsets.UTF_8)));
        r.route(
                "POST",
                PATH,
                "requestLabel",
                "Request a trust label for a product at a level, with its profile (assessed on the server)",
                Set.of(LABEL_REQUEST),
                LabelRequest.class,
                LabelView.class,
                201,
                true,
                (ctx, c, body) -> view(
                        labels.request(
                                c,
                                nonNull(body.product(), "product"),
                                nonNull(body.level(), "level"),
                                nonNull(body.profile(), "profile").getBytes(StandardCharsets.UTF_8)),
                        labels));
        r.page(
                "GET",
                PATH,
                "listLabels",
                "List an organization's labels, or (assessors, ?awaiting=review) the requests awaiting review",
                Set.of(LABEL_READ),
                LabelView.class,
                (ctx, c) -> {
                    String awaiting = ctx.queryParam("awaiting");
                    if (awaiting != null && !awaiting.equals("review")) {
                        throw new InvalidRequestException("awaiting: " + awaiting + " (expected: review)");
                    }
                    var page = awaiting != null
                            ? labels.awaitingReview(c, pageOf(ctx))
                            : labels.list(c, ctx.queryParam("org"), pageOf(ctx));
                    return Views.page(page, l -> view(l, labels));
                });
        r.route(
                "GET",
                PATH + "/{label}",
                "getLabel",
                "A label with its assessment",
                Set.of(LABEL_READ),
                null,
                LabelView.class,
                200,
                false,
                (ctx, c) -> view(labels.get(c, ctx.pathParam("label")), labels));
        r.route(
                "POST",
                PATH + "/{label}/review",
                "reviewLabel",
                "Approve or reject a label request (assessor organizations; required for L3 and L4)",
                Set.of(LABEL_REVIEW),
                LabelReview.class,
                LabelView.class,
                200,
                true,
                (ctx, c, body) -> {
                    String d = nonNull(body.decision(), "decision");
                    if (!d.equals("approve") && !d.equals("reject")) {
                        throw new InvalidRequestException("decision: " + d + " (expected: approve or reject)");
                    }
                    return view(labels.review(c, ctx.pathParam("label"), d.equals("approve"), body.reason()), labels);
                });
        r.route(
                "POST",
                PATH + "/{label}/issue",
                "issueLabel",
                "Sign and publish a label whose assessment reached its level",
                Set.of(LABEL_ISSUE),
                null,
                LabelView.class,
                200,
                true,
                (ctx, c) -> view(labels.issue(c, ctx.pathParam("label")), labels));
        r.route(
                "POST",
                PATH + "/{label}/revoke",
                "revokeLabel",
                "Revoke an issued label, with a reason shown on its status page",
                Set.of(LABEL_REVOKE),
                LabelRevoke.class,
                LabelView.class,
                200,
                true,
                (ctx, c, body) -> view(labels.revoke(c, ctx.pathParam("label"), body.reason()), labels));

        r.pub(
                "GET",
                "/verify/{labelId}",
                "verifyLabel",
                "A label's live status, for anyone: JSON with Accept: application/json, else an HTML page",
                LabelStatusView.class,
                "application/json",
                (ctx, c) -> {
                    Verification v = verification(labels, ctx);
                    ctx.header("Vary", "Accept");
                    // the server caches; clients must not, or a revocation would not show at once
                    ctx.header("Cache-Control", "no-cache");
                    if (wantsJson(ctx)) {
                        return statusView(v);
                    }
                    return new ApiRoutes.Raw("text/html; charset=utf-8", VerifyPage.render(v));
                });
        r.pub(
                "GET",
                "/verify/{labelId}/qr.svg",
                "labelQrSvg",
                "The QR code of the label's status URL (SVG)",
                null,
                "image/svg+xml",
                (ctx, c) -> new ApiRoutes.Raw(
                        "image/svg+xml",
                        LabelQr.svg(verification(labels, ctx).statusUrl().toString())));
        r.pub(
                "GET",
                "/verify/{labelId}/label.svg",
                "labelImage",
                "The label as a person reads it: level, meaning, product, live status and QR code (SVG)",
                null,
                "image/svg+xml",
                (ctx, c) -> {
                    ctx.header("Cache-Control", "no-cache");
                    return new ApiRoutes.Raw("image/svg+xml", LabelImage.svg(verification(labels, ctx)));
                });
        r.pub(
                "GET",
                "/verify/{labelId}/qr.png",
                "labelQrPng",
                "The QR code of the label's status URL (PNG)",
                null,
                "image/png",
                (ctx, c) -> new ApiRoutes.Raw(
                        "image/png",
                        LabelQr.png(verification(labels, ctx).statusUrl().toString())));
    }

    private static Verification verification(LabelService labels, Context ctx) {
        String id = ctx.pathParam("labelId");
        return labels.status(id).orElseThrow(() -> new NotFoundException("no issued label with this id"));
    }

    private static boolean wantsJson(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("application/json");
    }

    static LabelStatusView statusView(Verification v) {
        Label l = v.label();
        return new LabelStatusView(
                l.id(),
                l.productModel(),
                l.productName(),
                l.manufacturer(),
                l.level().name(),
                v.status().status().wireName(),
                v.status().reasons().stream()
                        .map(x -> new LabelStatusView.Reason(x.id(), x.message()))
                        .toList(),
                v.signatureValid(),
                l.issue().map(Label.Issue::issuedAt).orElse(null),
                l.issue().map(Label.Issue::expiresAt).orElse(null),
                v.checkedAt(),
                v.statusUrl().toString(),
                l.issue().map(Label.Issue::jws).orElse(null));
    }

    static LabelView view(Label l, LabelService labels) {
        return new LabelView(
                l.id(),
                l.orgId(),
                l.productId(),
                l.productModel(),
                l.productName(),
                l.manufacturer(),
                l.level().name(),
                l.reached().name(),
                l.state().wireName(),
                l.profileSha256(),
                l.requestedBy(),
                l.requestedAt(),
                l.review().map(x -> x.approved() ? "approve" : "reject").orElse(null),
                l.review().map(Label.Review::reviewerOrgName).orElse(null),
                l.review().map(Label.Review::reason).orElse(null),
                l.review().map(Label.Review::at).orElse(null),
                l.issue().map(Label.Issue::jws).orElse(null),
                l.issue().map(Label.Issue::issuedAt).orElse(null),
                l.issue().map(Label.Issue::expiresAt).orElse(null),
                l.revocation().map(Label.Revocation::at).orElse(null),
                l.revocation().map(Label.Revocation::reason).orElse(null),
                l.lastStatus().orElse(null),
                l.issue().isPresent() ? labels.statusUrl(l.id()).toString() : null,
                l.assessmentJson());
    }
}
