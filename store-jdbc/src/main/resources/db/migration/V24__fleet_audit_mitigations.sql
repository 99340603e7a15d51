-- Each organization's fleet-audit mitigation policy: rules "match=action,action" one per line (match: a check id or a
-- severity; actions: notify, quarantine, rollout). Same portable rules as V1.
CREATE TABLE fleet_audit_mitigations (
    org_id     VARCHAR(64)   NOT NULL,
    rules      VARCHAR(8000) NOT NULL,
    updated_by VARCHAR(64)   NOT NULL,
    updated_at BIGINT        NOT NULL,
    CONSTRAINT fleet_audit_mitigations_pk PRIMARY KEY (org_id),
    CONSTRAINT fleet_audit_mitigations_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id)
);
