package io.hallmark.server.http;

import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.BreakGlassService;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.TokenService;
import io.hallmark.server.assurance.LabelService;
import io.hallmark.server.attestation.AttestationServices;
import io.hallmark.server.audit.AuditService;
import io.hallmark.server.behaviour.AlertService;
import io.hallmark.server.behaviour.TelemetryService;
import io.hallmark.server.fleetaudit.FleetAuditService;
import io.hallmark.server.identity.IdentityServices;
import io.hallmark.server.notify.WebhookService;
import io.hallmark.server.pki.OrganizationCaService;
import io.hallmark.server.update.ReleaseService;
import io.hallmark.server.update.TufRepositoryService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * What the HTTP edge calls: the services of each feature, the metrics registry, and a readiness probe.
 *
 * @param ready true when the server can serve requests (database reachable)
 * @param totp the console's second factor
 * @param fleetHistory per-day counts for the console's charts
 */
public record ApiServices(
        AccessService access,
        TokenService tokens,
        BreakGlassService breakGlass,
        AuditService audit,
        OrganizationCaService organizationCas,
        IdentityServices identity,
        LabelService labels,
        TelemetryService telemetry,
        AlertService alerts,
        WebhookService webhooks,
        AttestationServices attestation,
        ReleaseService releases,
        TufRepositoryService tuf,
        Guard guard,
        PrometheusMeterRegistry metrics,
        BooleanSupplier ready,
        Clock clock,
        FleetAuditService fleetAudit,
        io.hallmark.server.vuln.VulnService vulnerabilities,
        io.hallmark.server.update.RolloutService rollouts,
        io.hallmark.server.update.DeviceTagService deviceTags,
        io.hallmark.server.cra.CraService cra,
        io.hallmark.server.risk.RiskService risk,
        io.hallmark.server.access.TotpService totp,
        io.hallmark.server.fleetstats.FleetHistoryService fleetHistory) {}
