-- Ownership vouchers (RFC 8366) issued here as a manufacturer's MASA or imported by an owner, and the manufacturers
-- of other instances an owner trusts. Same portable rules as V1.

CREATE TABLE vouchers (
    id            VARCHAR(64)  NOT NULL,
    serial        VARCHAR(64)  NOT NULL,
    device_id     VARCHAR(64),
    issuer_org    VARCHAR(64),           -- the manufacturer, when issued here
    holder_org    VARCHAR(64),           -- the owner it is for, when that owner is here
    kind          VARCHAR(8)   NOT NULL, -- ISSUED or IMPORTED
    pinned_sha256 CHAR(64)     NOT NULL, -- SHA-256 of the pinned domain certificate
    nonce         VARCHAR(100),          -- base64, for a nonce-bound voucher
    expires_at    BIGINT,
    created_at    BIGINT       NOT NULL,
    jws           VARCHAR      NOT NULL,
    CONSTRAINT vouchers_pk PRIMARY KEY (id),
    CONSTRAINT vouchers_nonce_uq UNIQUE (device_id, nonce),
    CONSTRAINT vouchers_device_fk FOREIGN KEY (device_id) REFERENCES devices (id)
);
CREATE INDEX vouchers_device_idx ON vouchers (device_id, created_at);
CREATE INDEX vouchers_issuer_idx ON vouchers (issuer_org, id);
CREATE INDEX vouchers_holder_idx ON vouchers (holder_org, id);

CREATE TABLE trusted_manufacturers (
    org_id     VARCHAR(64)  NOT NULL, -- the owner that trusts it
    sha256     CHAR(64)     NOT NULL, -- of the certificate
    name       VARCHAR(128) NOT NULL,
    der        BYTEA        NOT NULL,
    created_at BIGINT       NOT NULL,
    CONSTRAINT trusted_manufacturers_pk PRIMARY KEY (org_id, sha256),
    CONSTRAINT trusted_manufacturers_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id)
);
