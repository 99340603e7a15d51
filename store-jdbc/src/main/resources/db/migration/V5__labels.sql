-- Trust labels: the request with its assessment, the assessor's review, the signed label, its revocation, and the
-- live status last recorded (its changes are audited). Same portable rules as V1.

CREATE TABLE labels (
    id                  VARCHAR(64)  NOT NULL,
    org_id              VARCHAR(64)  NOT NULL, -- the manufacturer
    product_id          VARCHAR(64)  NOT NULL,
    product_model       VARCHAR(64)  NOT NULL,
    product_name        VARCHAR(128) NOT NULL,
    manufacturer        VARCHAR(128) NOT NULL, -- its name as at the request
    level               VARCHAR(4)   NOT NULL, -- L1..L4, requested
    reached             VARCHAR(4)   NOT NULL, -- NONE, L1..L4, reached by the assessment
    state               VARCHAR(16)  NOT NULL, -- enum constant name
    profile_sha256      CHAR(64)     NOT NULL,
    assessment          VARCHAR      NOT NULL, -- JSON
    integrity_threshold BIGINT       NOT NULL, -- percent
    requested_by        VARCHAR(64)  NOT NULL,
    requested_at        BIGINT       NOT NULL,
    reviewer_id         VARCHAR(64),
    reviewer_org        VARCHAR(64),
    reviewer_org_name   VARCHAR(128),
    review_decision     VARCHAR(8),            -- APPROVE or REJECT
    review_reason       VARCHAR,
    reviewed_at         BIGINT,
    jws                 VARCHAR,               -- the signed label, compact JWS
    issued_by           VARCHAR(64),
    issued_at           BIGINT,
    expires_at          BIGINT,
    revoked_by          VARCHAR(64),
    revoked_at          BIGINT,
    revoke_reason       VARCHAR,
    last_status         VARCHAR(16),           -- valid, suspended, revoked, expired
    CONSTRAINT labels_pk PRIMARY KEY (id),
    CONSTRAINT labels_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id),
    CONSTRAINT labels_product_fk FOREIGN KEY (product_id) REFERENCES products (id)
);
CREATE INDEX labels_org_idx ON labels (org_id, id);
CREATE INDEX labels_state_idx ON labels (state, id);
