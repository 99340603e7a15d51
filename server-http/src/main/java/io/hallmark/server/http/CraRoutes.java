package io.hallmark.server.http;

import static io.hallmark.server.access.Permission.CRA_MANAGE;
import static io.hallmark.server.access.Permission.CRA_READ;
import static io.hallmark.server.access.Permission.RISK_READ;

import io.hallmark.protocol.v1.CraCaseCreate;
import io.hallmark.protocol.v1.CraCaseView;
import io.hallmark.protocol.v1.CraCloseRequest;
import io.hallmark.protocol.v1.CraFixRequest;
import io.hallmark.protocol.v1.CraReportView;
import io.hallmark.protocol.v1.RiskDeviceView;
import io.hallmark.server.cra.CraCase;
import io.hallmark.server.cra.CraKind;
import io.hallmark.server.cra.CraReminder;
import io.hallmark.server.cra.CraService;
import io.hallmark.server.cra.CraStage;
import io.hallmark.server.cra.CraSubmission;
import io.hallmark.server.cra.Deadlines;
import io.hallmark.server.errors.InvalidRequestException;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Cyber Resilience Act reporting ({@code docs/cra.md}) and risk scores ({@code docs/risk-score.md}). */
final class CraRoutes {
    private static final String CASE = "/api/v1/cra/cases/{case}";

    private CraRoutes() {}

    static void define(ApiRoutes r, ApiServices s) {
        r.route(
                "POST",
                "/api/v1/cra/cases",
                "openCraCase",
                "Open a CRA reporting case for an advisory the exposure shows or a behaviour incident, from the time"
                        + " of awareness",
                Set.of(CRA_MANAGE),
                CraCaseCreate.class,
                CraCaseView.class,
                201,
                true,
                (ctx, c, body) -> {
                    String k = ApiRoutes.nonNull(body.kind(), "kind");
                    CraKind kind = CraKind.parse(k)
                            .orElseThrow(() -> new InvalidRequestException(
                                    "kind: " + shorten(k) + " (expected: vulnerability or incident)"));
                    String subject = kind == CraKind.VULNERABILITY ? body.advisory() : body.incident();
                    CraCase opened = s.cra()
                            .open(
                                    c,
                                    body.org(),
                                    kind,
                                    subject,
                                    ApiRoutes.nonNull(body.awareAt(), "awareAt"),
                                    body.summary(),
                                    Optional.ofNullable(body.fixAvailableAt()));
                    return view(s.cra().details(c, opened.id()), s.clock().instant());
                });
        r.page(
                "GET",
                "/api/v1/cra/cases",
                "listCraCases",
                "List an organization's CRA reporting cases, newest first",
                Set.of(CRA_READ),
                CraCaseView.class,
                (ctx, c) -> {
                    Instant now = s.clock().instant();
                    return Views.page(
                            s.cra().cases(c, ctx.queryParam("org"), ApiRoutes.pageOf(ctx)),
                            x -> view(s.cra().details(c, x.id()), now));
                });
        r.route(
                "GET",
                CASE,
                "getCraCase",
                "A CRA case with its three deadlines (time left or overdue), submissions and reminders",
                Set.of(CRA_READ),
                null,
                CraCaseView.class,
                200,
                false,
                (ctx, c) -> view(
                        s.cra().details(c, ctx.pathParam("case")), s.clock().instant()));
        r.route(
                "GET",
                CASE + "/reports/{stage}",
                "getCraReport",
                "A stage's report as JSON (schema hallmark-cra-report/1): as submitted, else drafted now from the"
                        + " platform's data",
                Set.of(CRA_READ),
                null,
                CraReportView.class,
                200,
                false,
                (ctx, c) -> s.cra().report(c, ctx.pathParam("case"), stage(ctx)));
        r.route(
                "GET",
                CASE + "/reports/{stage}/pdf",
                "getCraReportPdf",
                "A stage's report as PDF: as submitted, else drafted now",
                Set.of(CRA_READ),
                null,
                null,
                200,
                false,
                (ctx, c) -> new ApiRoutes.Raw(
                        "application/pdf", CraPdf.render(s.cra().report(c, ctx.pathParam("case"), stage(ctx)))));
        r.route(
                "POST",
                CASE + "/reports/{stage}/submit",
                "submitCraReport",
                "Record that a stage's report was submitted, now, as drafted now; once, never changed afterwards",
                Set.of(CRA_MANAGE),
                null,
                CraCaseView.class,
                200,
                true,
                (ctx, c) -> {
                    CraSubmission sub = s.cra().submit(c, ctx.pathParam("case"), stage(ctx));
                    return view(s.cra().details(c, sub.caseId()), s.clock().instant());
                });
        r.route(
                "POST",
                CASE + "/fix",
                "setCraCaseFix",
                "Record when a corrective measure became available (vulnerability cases): the final report is due 14"
                        + " days later",
                Set.of(CRA_MANAGE),
                CraFixRequest.class,
                CraCaseView.class,
                200,
                true,
                (ctx, c, body) -> {
                    CraCase fixed = s.cra().fix(c, ctx.pathParam("case"), body.fixAvailableAt());
                    return view(s.cra().details(c, fixed.id()), s.clock().instant());
                });
        r.route(
                "POST",
                CASE + "/close",
                "closeCraCase",
                "Close a CRA case with a note",
                Set.of(CRA_MANAGE),
                CraCloseRequest.class,
                CraCaseView.class,
                200,
                true,
                (ctx, c, body) -> {
                    CraCase closed = s.cra().close(c, ctx.pathParam("case"), body.note());
                    return view(s.cra().details(c, closed.id()), s.clock().instant());
                });
        r.page(
                "GET",
                "/api/v1/risk/devices",
                "listRiskDevices",
                "An organization's devices by risk score, worst first, with the factors of each",
                Set.of(RISK_READ),
                RiskDeviceView.class,
                (ctx, c) -> Views.page(s.risk().devices(c, ctx.queryParam("org"), ApiRoutes.pageOf(ctx)), x -> x));
    }

    private static CraStage stage(Context ctx) {
        String v = ctx.pathParam("stage");
        return CraStage.parse(v)
                .orElseThrow(() -> new InvalidRequestException(
                        "stage: " + shorten(v) + " (expected: early-warning, notification or final)"));
    }

    private static String shorten(String v) {
        String t = v.length() > 40 ? v.substring(0, 40) + "..." : v;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    static CraCaseView view(CraService.Details d, Instant now) {
        CraCase c = d.c();
        List<CraCaseView.Deadline> deadlines = new ArrayList<>();
        for (Deadlines.Deadline dl : d.deadlines()) {
            Optional<CraSubmission> sub = d.submissions().stream()
                    .filter(x -> x.stage() == dl.stage())
                    .findFirst();
            deadlines.add(new CraCaseView.Deadline(
                    dl.stage().wire(),
                    dl.due().orElse(null),
                    dl.basis(),
                    Deadlines.status(dl, sub.isPresent(), now),
                    sub.isPresent() ? null : dl.secondsLeft(now).orElse(null),
                    sub.map(CraSubmission::submittedAt).orElse(null),
                    sub.map(CraSubmission::submittedBy).orElse(null)));
        }
        List<CraCaseView.Reminder> reminders = new ArrayList<>();
        for (CraReminder x : d.reminders()) {
            reminders.add(new CraCaseView.Reminder(x.stage().wire(), x.event(), x.threshold(), x.at()));
        }
        return new CraCaseView(
                c.id(),
                c.orgId(),
                c.kind().wire(),
                c.subject(),
                c.summary(),
                c.awareAt(),
                c.fixAvailableAt().orElse(null),
                c.open() ? "open" : "closed",
                c.openedBy(),
                c.openedAt(),
                c.closedAt().orElse(null),
                c.closeNote().orElse(null),
                deadlines,
                reminders);
    }
}
