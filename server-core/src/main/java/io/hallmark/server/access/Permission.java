package io.hallmark.server.access;

/**
 * What an operation needs. {@link Scope#PLATFORM} permissions are granted only to members of the platform
 * organization; {@link Scope#ORGANIZATION} permissions act on the member's own organization, except for platform
 * administrators, who act on every organization.
 */
public enum Permission {
    /** Create organizations. */
    ORG_CREATE(Scope.PLATFORM),
    /** Read organizations (one's own; platform administrators: all). */
    ORG_READ(Scope.ORGANIZATION),
    /** Add users. */
    USER_CREATE(Scope.ORGANIZATION),
    /** Read users. */
    USER_READ(Scope.ORGANIZATION),
    /** Change a user's roles, disable a user. */
    USER_UPDATE(Scope.ORGANIZATION),
    /** Make and revoke API tokens for oneself. */
    TOKEN_OWN(Scope.ORGANIZATION),
    /** Make, list and revoke other users' API tokens. */
    TOKEN_MANAGE(Scope.ORGANIZATION),
    /** List and read audit entries and checkpoints. */
    AUDIT_READ(Scope.ORGANIZATION),
    /** Export the audit log (other organizations' entries redacted). */
    AUDIT_EXPORT(Scope.ORGANIZATION),
    /** Verify the audit chain on the server. */
    AUDIT_VERIFY(Scope.ORGANIZATION),
    /** Take emergency admin rights for a bounded time. */
    BREAK_GLASS_START(Scope.ORGANIZATION),
    /** List break-glass sessions. */
    BREAK_GLASS_READ(Scope.ORGANIZATION),
    /** Review a break-glass session someone else held. */
    BREAK_GLASS_REVIEW(Scope.ORGANIZATION),
    /** Read products. */
    PRODUCT_READ(Scope.ORGANIZATION),
    /** Create products (manufacturers). */
    PRODUCT_WRITE(Scope.ORGANIZATION),
    /** Read devices, their certificates and history (owners and manufacturers). */
    DEVICE_READ(Scope.ORGANIZATION),
    /** Issue birth certificates at the factory; add devices with enrollment secrets. */
    DEVICE_PROVISION(Scope.ORGANIZATION),
    /** Approve, quarantine and release devices. */
    DEVICE_OPERATE(Scope.ORGANIZATION),
    /** Decommission and transfer (resell) devices. */
    DEVICE_RETIRE(Scope.ORGANIZATION),
    /** Trust another instance's manufacturers (their vouchers and birth certificates). */
    TRUST_MANAGE(Scope.ORGANIZATION),
    /** Set the owner's enrollment and activation policy. */
    ENROLLMENT_POLICY_WRITE(Scope.ORGANIZATION),
    /** Read the Prometheus metrics of the platform. */
    METRICS_READ(Scope.PLATFORM),
    /** Read trust labels and their assessments. */
    LABEL_READ(Scope.ORGANIZATION),
    /** Request a trust label for a product (manufacturers). */
    LABEL_REQUEST(Scope.ORGANIZATION),
    /** Approve or reject a label request (members of an assessor organization). */
    LABEL_REVIEW(Scope.ORGANIZATION),
    /** Issue (sign) a requested label. */
    LABEL_ISSUE(Scope.ORGANIZATION),
    /** Revoke an issued label. */
    LABEL_REVOKE(Scope.ORGANIZATION),
    /** Read behaviour alerts and incidents. */
    ALERT_READ(Scope.ORGANIZATION),
    /** Acknowledge and resolve behaviour alerts and incidents. */
    ALERT_MANAGE(Scope.ORGANIZATION),
    /** Add, list and remove webhooks (receivers of the organization's security events). */
    WEBHOOK_MANAGE(Scope.ORGANIZATION),
    /** Read fleet-audit findings and suppressions. */
    FLEET_AUDIT_READ(Scope.ORGANIZATION),
    /** Run the fleet audit and suppress its findings. */
    FLEET_AUDIT_MANAGE(Scope.ORGANIZATION),
    /** Read a manufacturer's firmware releases. */
    RELEASE_READ(Scope.ORGANIZATION),
    /** Upload release images and publish releases into the manufacturer's TUF targets. */
    RELEASE_PUBLISH(Scope.ORGANIZATION),
    /** Revoke a published release (removed from the TUF targets). */
    RELEASE_REVOKE(Scope.ORGANIZATION),
    /** Replace the manufacturer's TUF root (rotation to keys held offline). */
    TUF_ROOT_ROTATE(Scope.ORGANIZATION),
    /**
     * Sign a product's delegated TUF role: upload release managers' offline signatures, replace its online vault key.
     */
    RELEASE_SIGN(Scope.ORGANIZATION),
    /** Read the organization's advisories and its releases' vulnerability exposure. */
    VULN_READ(Scope.ORGANIZATION),
    /** Import advisories (OSV) and VEX statements (CSAF 2.0). */
    VULN_IMPORT(Scope.ORGANIZATION),
    /** Read an owner's update rollouts and their progress. */
    ROLLOUT_READ(Scope.ORGANIZATION),
    /** Create, pause, resume and cancel an owner's update rollouts. */
    ROLLOUT_MANAGE(Scope.ORGANIZATION),
    /** Read Cyber Resilience Act reporting cases and draft their reports. */
    CRA_READ(Scope.ORGANIZATION),
    /** Open, submit and close Cyber Resilience Act reporting cases. */
    CRA_MANAGE(Scope.ORGANIZATION),
    /** Read devices' risk scores. */
    RISK_READ(Scope.ORGANIZATION),
    /** Revoke one of the organization's issuing CAs by its root. */
    CA_REVOKE(Scope.ORGANIZATION);

    /** Where a permission applies. */
    public enum Scope {
        /** Only members of the platform organization hold it. */
        PLATFORM,
        /** Holders act on their own organization. */
        ORGANIZATION
    }

    private final Scope scope;

    Permission(Scope scope) {
        this.scope = scope;
    }

    /** Where the permission applies. */
    public Scope scope() {
        return scope;
    }
}
