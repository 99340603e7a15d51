package io.hallmark.server.persistence;

import io.hallmark.server.access.BreakGlassStore;
import io.hallmark.server.access.OrganizationStore;
import io.hallmark.server.access.TokenStore;
import io.hallmark.server.access.UserStore;
import io.hallmark.server.assurance.LabelStore;
import io.hallmark.server.attestation.AttestationStore;
import io.hallmark.server.audit.AuditStore;
import io.hallmark.server.behaviour.AlertStore;
import io.hallmark.server.fleetaudit.FleetAuditStore;
import io.hallmark.server.identity.DeviceCertificateStore;
import io.hallmark.server.identity.DeviceStore;
import io.hallmark.server.identity.IdentityPolicyStore;
import io.hallmark.server.identity.ProductStore;
import io.hallmark.server.identity.VoucherStore;
import io.hallmark.server.notify.WebhookStore;
import io.hallmark.server.update.ReleaseStore;
import io.hallmark.server.update.RolloutStore;
import io.hallmark.server.update.TufStore;

/** The stores of one transaction. Only the feature that owns a store uses it; others call that feature's service. */
public interface Stores {
    /** Organizations (access). */
    OrganizationStore organizations();

    /** Users (access). */
    UserStore users();

    /** API tokens (access). */
    TokenStore tokens();

    /** Break-glass sessions (access). */
    BreakGlassStore breakGlass();

    /** The audit log and its checkpoints (audit). */
    AuditStore audit();

    /** Products (identity). */
    ProductStore products();

    /** Devices, their history and enrollment secrets (identity). */
    DeviceStore devices();

    /** Device certificates and their revocation state (identity). */
    DeviceCertificateStore deviceCertificates();

    /** Owners' identity policies (identity). */
    IdentityPolicyStore identityPolicies();

    /** Vouchers and trusted manufacturers (identity). */
    VoucherStore vouchers();

    /** Trust labels (assurance). */
    LabelStore labels();

    /** Behaviour alerts and incidents (behaviour). */
    AlertStore alerts();

    /** Suppressions of behaviour alerts (behaviour). */
    io.hallmark.server.behaviour.SuppressionStore alertSuppressions();

    /** Webhooks (notify). */
    WebhookStore webhooks();
    /** Attestation results, policies and reference values (attestation). */
    AttestationStore attestations();
    /** Fleet-audit findings and suppressions (fleet audit). */
    FleetAuditStore fleetAudit();
    /** Firmware releases (update). */
    ReleaseStore releases();

    /** The manufacturers' TUF repositories (update). */
    TufStore tufRepositories();

    /** Imported advisories and VEX statements (vuln). */
    io.hallmark.server.vuln.VulnStore vulnerabilities();
    /** Update rollouts and their device assignments (update). */
    RolloutStore rollouts();
    /** Device tags and reported firmware versions, what rollouts select by (update). */
    io.hallmark.server.update.DeviceTagStore deviceTags();

    /** CRA reporting cases, and the facts their reports are drafted from (cra). */
    io.hallmark.server.cra.CraStore cra();

    /** What risk scores are made of, read set-wise (risk). */
    io.hallmark.server.risk.RiskStore risk();

    /** Per-day counts of a fleet, for the console's charts (fleet stats). */
    io.hallmark.server.fleetstats.FleetHistoryStore fleetHistory();

    /** Issuing CAs revoked by their roots (identity). */
    io.hallmark.server.identity.CaRevocationStore caRevocations();
}
