-- Receivers of an organization's security events (docs/webhooks.md). No secret is stored: each is derived in the
-- key vault from the webhook's id and salt. Same portable rules as V1.
CREATE TABLE webhooks (
    id            VARCHAR(64)   NOT NULL,
    org_id        VARCHAR(64)   NOT NULL,
    url           VARCHAR(2000) NOT NULL,
    events        VARCHAR(1400) NOT NULL, -- comma-separated kinds or prefixes
    allow_private BOOLEAN       NOT NULL,
    salt          CHAR(32)      NOT NULL,
    created_by    VARCHAR(64)   NOT NULL,
    created_at    BIGINT        NOT NULL,
    CONSTRAINT webhooks_pk PRIMARY KEY (id),
    CONSTRAINT webhooks_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id)
);
CREATE INDEX webhooks_org_idx ON webhooks (org_id);
