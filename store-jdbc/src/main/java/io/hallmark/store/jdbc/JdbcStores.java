package io.hallmark.store.jdbc;

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
import io.hallmark.server.persistence.Stores;
import io.hallmark.server.update.ReleaseStore;
import io.hallmark.server.update.RolloutStore;
import io.hallmark.server.update.TufStore;

/** The stores of one transaction, all on its connection. */
final class JdbcStores implements Stores {
    private final JdbcFleetHistoryStore fleetHistory;
    private final OrganizationStore organizations;
    private final UserStore users;
    private final TokenStore tokens;
    private final BreakGlassStore breakGlass;
    private final AuditStore audit;
    private final ProductStore products;
    private final DeviceStore devices;
    private final DeviceCertificateStore deviceCertificates;
    private final IdentityPolicyStore identityPolicies;
    private final VoucherStore vouchers;
    private final LabelStore labels;
    private final AlertStore alerts;
    private final JdbcSuppressionStore alertSuppressions;
    private final WebhookStore webhooks;
    private final AttestationStore attestations;
    private final FleetAuditStore fleetAudit;
    private final io.hallmark.server.vuln.VulnStore vulnerabilities;
    private final ReleaseStore releases;
    private final RolloutStore rollouts;
    private final io.hallmark.server.update.DeviceTagStore deviceTags;
    private final TufStore tufRepositories;
    private final io.hallmark.server.cra.CraStore cra;
    private final io.hallmark.server.risk.RiskStore risk;
    private final JdbcCaRevocationStore caRevocations;

    JdbcStores(Sql sql) {
        this.organizations = new JdbcOrganizationStore(sql);
        this.users = new JdbcUserStore(sql);
        this.tokens = new JdbcTokenStore(sql);
        this.breakGlass = new JdbcBreakGlassStore(sql);
        this.audit = new JdbcAuditStore(sql);
        this.products = new JdbcProductStore(sql);
        this.devices = new JdbcDeviceStore(sql);
        this.deviceCertificates = new JdbcDeviceCertificateStore(sql);
        this.identityPolicies = new JdbcIdentityPolicyStore(sql);
        this.vouchers = new JdbcVoucherStore(sql);
        this.labels = new JdbcLabelStore(sql);
        this.alerts = new JdbcAlertStore(sql);
        this.alertSuppressions = new JdbcSuppressionStore(sql);
        this.webhooks = new JdbcWebhookStore(sql);
        this.attestations = new JdbcAttestationStore(sql);
        this.fleetAudit = new JdbcFleetAuditStore(sql);
        this.releases = new JdbcReleaseStore(sql);
        this.rollouts = new JdbcRolloutStore(sql);
        this.deviceTags = new JdbcDeviceTagStore(sql);
        this.fleetHistory = new JdbcFleetHistoryStore(sql);
        this.tufRepositories = new JdbcTufStore(sql);
        this.vulnerabilities = new JdbcVulnStore(sql);
        this.cra = new JdbcCraStore(sql);
        this.risk = new JdbcRiskStore(sql);
        this.caRevocations = new JdbcCaRevocationStore(sql);
    }

    @Override
    public OrganizationStore organizations() {
        return organizations;
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public BreakGlassStore breakGlass() {
        return breakGlass;
    }

    @Override
    public AuditStore audit() {
        return audit;
    }

    @Override
    public ProductStore products() {
        return products;
    }

    @Override
    public DeviceStore devices() {
        return devices;
    }

    @Override
    public DeviceCertificateStore deviceCertificates() {
        return deviceCertificates;
    }

    @Override
    public IdentityPolicyStore identityPolicies() {
        return identityPolicies;
    }

    @Override
    public VoucherStore vouchers() {
        return vouchers;
    }

    @Override
    public LabelStore labels() {
        return labels;
    }

    @Override
    public AlertStore alerts() {
        return alerts;
    }

    @Override
    public io.hallmark.server.behaviour.SuppressionStore alertSuppressions() {
        return alertSuppressions;
    }

    @Override
    public WebhookStore webhooks() {
        return webhooks;
    }

    @Override
    public AttestationStore attestations() {
        return attestations;
    }

    @Override
    public FleetAuditStore fleetAudit() {
        return fleetAudit;
    }

    @Override
    public ReleaseStore releases() {
        return releases;
    }

    @Override
    public TufStore tufRepositories() {
        return tufRepositories;
    }

    @Override
    public io.hallmark.server.vuln.VulnStore vulnerabilities() {
        return vulnerabilities;
    }

    @Override
    public RolloutStore rollouts() {
        return rollouts;
    }

    @Override
    public io.hallmark.server.update.DeviceTagStore deviceTags() {
        return deviceTags;
    }

    @Override
    public io.hallmark.server.cra.CraStore cra() {
        return cra;
    }

    @Override
    public io.hallmark.server.risk.RiskStore risk() {
        return risk;
    }

    @Override
    public io.hallmark.server.fleetstats.FleetHistoryStore fleetHistory() {
        return fleetHistory;
    }

    @Override
    public io.hallmark.server.identity.CaRevocationStore caRevocations() {
        return caRevocations;
    }
}
