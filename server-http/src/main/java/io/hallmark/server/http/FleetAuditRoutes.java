package io.hallmark.server.http;

import static io.hallmark.server.access.Permission.FLEET_AUDIT_MANAGE;
import static io.hallmark.server.access.Permission.FLEET_AUDIT_READ;

import io.hallmark.protocol.v1.FleetAuditRunRequest;
import io.hallmark.protocol.v1.FleetAuditRunView;
import io.hallmark.protocol.v1.FleetFindingView;
import io.hallmark.protocol.v1.FleetMitigationPolicyRequest;
import io.hallmark.protocol.v1.FleetMitigationPolicyView;
import io.hallmark.protocol.v1.FleetMitigationRule;
import io.hallmark.protocol.v1.FleetSuppressionRequest;
import io.hallmark.protocol.v1.FleetSuppressionView;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.fleetaudit.AuditRun;
import io.hallmark.server.fleetaudit.FindingFilter;
import io.hallmark.server.fleetaudit.FindingSeverity;
import io.hallmark.server.fleetaudit.FindingState;
import io.hallmark.server.fleetaudit.FleetFinding;
import io.hallmark.server.fleetaudit.MitigationPolicy;
import io.hallmark.server.fleetaudit.Suppression;
import io.hallmark.server.persistence.Page;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The fleet security audit's routes ({@code docs/fleet-audit.md}): run, findings, suppressions, mitigation policy. */
final class FleetAuditRoutes {
    private FleetAuditRoutes() {}

    static void define(ApiRoutes r, ApiServices s) {
        r.route(
                "POST",
                "/api/v1/fleet-audit/runs",
                "runFleetAudit",
                "Audit an organization's fleet now: new findings open, gone ones resolve",
                Set.of(FLEET_AUDIT_MANAGE),
                FleetAuditRunRequest.class,
                FleetAuditRunView.class,
                200,
                true,
                (ctx, c, body) -> view(s.fleetAudit().run(c, body.org())));
        r.page(
                "GET",
                "/api/v1/fleet-audit/findings",
                "listFleetAuditFindings",
                "List an organization's fleet-audit findings, newest first, optionally by check, severity and state",
                Set.of(FLEET_AUDIT_READ),
                FleetFindingView.class,
                (ctx, c) -> Views.page(
                        s.fleetAudit().findings(c, ctx.queryParam("org"), filter(ctx), ApiRoutes.pageOf(ctx)),
                        FleetAuditRoutes::view));
        r.route(
                "GET",
                "/api/v1/fleet-audit/findings/{finding}",
                "getFleetAuditFinding",
                "A fleet-audit finding with its evidence and remediation",
                Set.of(FLEET_AUDIT_READ),
                null,
                FleetFindingView.class,
                200,
                false,
                (ctx, c) -> view(s.fleetAudit().finding(c, ctx.pathParam("finding"))));
        r.route(
                "POST",
                "/api/v1/fleet-audit/suppressions",
                "suppressFleetAuditFindings",
                "Suppress a check's findings about one resource or all, with a reason, until an expiry",
                Set.of(FLEET_AUDIT_MANAGE),
                FleetSuppressionRequest.class,
                FleetSuppressionView.class,
                201,
                true,
                (ctx, c, body) -> view(
                        s.fleetAudit()
                                .suppress(
                                        c,
                                        body.org(),
                                        ApiRoutes.nonNull(body.check(), "check"),
                                        Optional.ofNullable(body.resource()),
                                        ApiRoutes.nonNull(body.reason(), "reason"),
                                        ApiRoutes.nonNull(body.expires(), "expires")),
                        s.clock().instant()));
        r.page(
                "GET",
                "/api/v1/fleet-audit/suppressions",
                "listFleetAuditSuppressions",
                "List an organization's fleet-audit suppressions, newest first, expired ones included",
                Set.of(FLEET_AUDIT_READ),
                FleetSuppressionView.class,
                (ctx, c) -> {
                    Instant now = s.clock().instant();
                    return Views.page(
                            new Page<>(s.fleetAudit().suppressions(c, ctx.queryParam("org")), Optional.empty()),
                            x -> view(x, now));
                });
        policy(r, s);
    }

    private static void policy(ApiRoutes r, ApiServices s) {
        r.route(
                "GET",
                "/api/v1/fleet-audit/policy",
                "getFleetAuditPolicy",
                "An organization's mitigation policy: what the audit does by itself about new findings",
                Set.of(FLEET_AUDIT_READ),
                null,
                FleetMitigationPolicyView.class,
                200,
                false,
                (ctx, c) -> {
                    String org = ctx.queryParam("org");
                    return view(org, s, s.fleetAudit().mitigationPolicy(c, org), c);
                });
        r.route(
                "PUT",
                "/api/v1/fleet-audit/policy",
                "setFleetAuditPolicy",
                "Replace an organization's mitigation policy: per check id or severity, notify, quarantine or rollout",
                Set.of(FLEET_AUDIT_MANAGE),
                FleetMitigationPolicyRequest.class,
                FleetMitigationPolicyView.class,
                200,
                true,
                (ctx, c, body) -> {
                    List<FleetMitigationRule> rules = ApiRoutes.nonNull(body.rules(), "rules");
                    List<String> matches = new ArrayList<>();
                    List<List<String>> actions = new ArrayList<>();
                    for (FleetMitigationRule rule : rules) {
                        if (rule == null) {
                            throw new InvalidRequestException("rules: an entry is null (expected: {match, actions})");
                        }
                        matches.add(rule.match());
                        actions.add(rule.actions());
                    }
                    return view(
                            body.org(),
                            s,
                            s.fleetAudit().setMitigationPolicy(c, body.org(), MitigationPolicy.rules(matches, actions)),
                            c);
                });
    }

    private static FleetMitigationPolicyView view(
            String orgRef, ApiServices s, MitigationPolicy p, io.hallmark.server.access.Caller c) {
        String org = s.access()
                .findOrganization(orgRef == null ? c.principal().orgId() : orgRef)
                .map(o -> o.id())
                .orElse(orgRef);
        return new FleetMitigationPolicyView(
                org,
                p.rules().stream()
                        .map(x -> new FleetMitigationRule(
                                x.match(),
                                x.actions().stream()
                                        .sorted()
                                        .map(MitigationPolicy.Action::wire)
                                        .toList()))
                        .toList(),
                p.updatedBy().orElse(null),
                p.updatedAt().orElse(null));
    }

    private static FindingFilter filter(Context ctx) {
        Optional<FindingSeverity> severity = Optional.ofNullable(ctx.queryParam("severity"))
                .map(v -> FindingSeverity.parse(v)
                        .orElseThrow(() -> new InvalidRequestException(
                                "severity: " + v + " (expected: low, medium, high or critical)")));
        Optional<FindingState> state = Optional.ofNullable(ctx.queryParam("state"))
                .map(v -> FindingState.parse(v)
                        .orElseThrow(() -> new InvalidRequestException(
                                "state: " + v + " (expected: open, suppressed or resolved)")));
        return new FindingFilter(Optional.ofNullable(ctx.queryParam("check")), severity, state);
    }

    static FleetAuditRunView view(AuditRun run) {
        return new FleetAuditRunView(
                run.orgId(), run.at(), run.devices(), run.seen(), run.opened(), run.suppressed(), run.resolved());
    }

    static FleetFindingView view(FleetFinding f) {
        return new FleetFindingView(
                f.id(),
                f.orgId(),
                f.checkId(),
                f.severity().wire(),
                f.resource().type(),
                f.resource().id(),
                f.resource().name(),
                f.expected(),
                f.actual(),
                f.remediation(),
                f.state().wire(),
                f.firstSeen(),
                f.lastSeen(),
                f.resolvedAt().orElse(null));
    }

    static FleetSuppressionView view(Suppression x, Instant now) {
        return new FleetSuppressionView(
                x.id(),
                x.orgId(),
                x.checkId(),
                x.resourceId().orElse(null),
                x.reason(),
                x.expiresAt(),
                x.isActive(now),
                x.createdBy(),
                x.createdAt());
    }
}
