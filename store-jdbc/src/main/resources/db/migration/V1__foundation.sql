-- Foundation: organizations, users, tokens, break-glass sessions, the audit chain and its checkpoints.
-- Portable SQL: the same file runs on H2 2.x and PostgreSQL. Rules kept here:
--   * instants are BIGINT epoch milliseconds (exact, no time-zone or precision differences between the two);
--   * unbounded text is VARCHAR without a length (H2 maps TEXT to a CLOB, which is slow);
--   * binary is BYTEA (H2 accepts it as an alias of VARBINARY);
--   * identifiers are unquoted, so each database folds them to its own case.

CREATE TABLE organizations (
    id         VARCHAR(64)  NOT NULL,
    name       VARCHAR(255) NOT NULL,
    kinds      VARCHAR(255) NOT NULL, -- enum constant names, comma-separated
    created_at BIGINT       NOT NULL,
    CONSTRAINT organizations_pk PRIMARY KEY (id),
    CONSTRAINT organizations_name_uq UNIQUE (name)
);

CREATE TABLE users (
    id            VARCHAR(64)  NOT NULL,
    org_id        VARCHAR(64)  NOT NULL,
    name          VARCHAR(255) NOT NULL,
    roles         VARCHAR(255) NOT NULL, -- enum constant names, comma-separated
    password_hash VARCHAR,
    disabled      BOOLEAN      NOT NULL,
    created_at    BIGINT       NOT NULL,
    CONSTRAINT users_pk PRIMARY KEY (id),
    CONSTRAINT users_name_uq UNIQUE (name),
    CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id)
);
CREATE INDEX users_org_idx ON users (org_id, id);

CREATE TABLE api_tokens (
    id          VARCHAR(64)  NOT NULL,
    user_id     VARCHAR(64)  NOT NULL,
    name        VARCHAR(255) NOT NULL,
    secret_hash BYTEA        NOT NULL, -- SHA-256 of the secret, 32 bytes
    created_at  BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL,
    revoked_at  BIGINT,
    CONSTRAINT api_tokens_pk PRIMARY KEY (id),
    CONSTRAINT api_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, created_at);

CREATE TABLE break_glass_sessions (
    id          VARCHAR(64) NOT NULL,
    user_id     VARCHAR(64) NOT NULL,
    org_id      VARCHAR(64) NOT NULL,
    reason      VARCHAR     NOT NULL,
    started_at  BIGINT      NOT NULL,
    expires_at  BIGINT      NOT NULL,
    ended_at    BIGINT,
    reviewed_by VARCHAR(64),
    reviewed_at BIGINT,
    review_note VARCHAR,
    CONSTRAINT break_glass_sessions_pk PRIMARY KEY (id),
    CONSTRAINT break_glass_sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT break_glass_sessions_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id)
);
CREATE INDEX break_glass_sessions_user_idx ON break_glass_sessions (user_id, expires_at);
CREATE INDEX break_glass_sessions_org_idx ON break_glass_sessions (org_id, started_at);
CREATE INDEX break_glass_sessions_expiry_idx ON break_glass_sessions (expires_at);

-- The audit chain. No foreign keys: entries outlive what they name, and actors may be 'system' or 'anonymous'.
CREATE TABLE audit_entries (
    seq            BIGINT      NOT NULL,
    time_ms        BIGINT      NOT NULL,
    actor          VARCHAR     NOT NULL,
    org_id         VARCHAR,
    action         VARCHAR     NOT NULL,
    target         VARCHAR,
    outcome        VARCHAR(16) NOT NULL, -- wire name
    reason         VARCHAR,
    request_id     VARCHAR,
    severity       VARCHAR(16) NOT NULL, -- wire name
    break_glass_id VARCHAR(64),
    hash           CHAR(64)    NOT NULL,
    CONSTRAINT audit_entries_pk PRIMARY KEY (seq)
);
CREATE INDEX audit_entries_org_idx ON audit_entries (org_id, seq);
CREATE INDEX audit_entries_actor_idx ON audit_entries (actor, seq);
CREATE INDEX audit_entries_action_idx ON audit_entries (action, seq);

-- The chain head: one row, locked FOR UPDATE by every appender so that appends are serialized.
CREATE TABLE audit_head (
    id   INTEGER  NOT NULL,
    seq  BIGINT   NOT NULL,
    hash CHAR(64) NOT NULL,
    CONSTRAINT audit_head_pk PRIMARY KEY (id),
    CONSTRAINT audit_head_single_row CHECK (id = 1)
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_checkpoints (
    seq     BIGINT   NOT NULL,
    head    CHAR(64) NOT NULL,
    time_ms BIGINT   NOT NULL,
    jws     VARCHAR  NOT NULL,
    CONSTRAINT audit_checkpoints_pk PRIMARY KEY (seq)
);
