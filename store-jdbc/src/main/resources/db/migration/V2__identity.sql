-- Device identity: products, devices and their history, one-time enrollment secrets, device certificates and their
-- revocation state, owners' identity policies. Same portable rules as V1.

CREATE TABLE products (
    id            VARCHAR(64)  NOT NULL,
    org_id        VARCHAR(64)  NOT NULL,
    model         VARCHAR(64)  NOT NULL,
    name          VARCHAR(128) NOT NULL,
    hardware_type VARCHAR(128) NOT NULL, -- dotted OID
    support_until VARCHAR(10),           -- ISO date
    created_at    BIGINT       NOT NULL,
    CONSTRAINT products_pk PRIMARY KEY (id),
    CONSTRAINT products_model_uq UNIQUE (org_id, model),
    CONSTRAINT products_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id)
);

CREATE TABLE devices (
    id                       VARCHAR(64) NOT NULL,
    serial                   VARCHAR(64) NOT NULL,
    namespace                VARCHAR(64) NOT NULL, -- the organization the serial is unique within
    manufacturer_id          VARCHAR(64),
    product_id               VARCHAR(64),
    owner_id                 VARCHAR(64),
    state                    VARCHAR(16) NOT NULL, -- enum constant name
    approved                 BOOLEAN     NOT NULL,
    enrollment_requested_at  BIGINT,
    created_at               BIGINT      NOT NULL,
    updated_at               BIGINT      NOT NULL,
    CONSTRAINT devices_pk PRIMARY KEY (id),
    CONSTRAINT devices_serial_uq UNIQUE (namespace, serial),
    CONSTRAINT devices_namespace_fk FOREIGN KEY (namespace) REFERENCES organizations (id),
    CONSTRAINT devices_product_fk FOREIGN KEY (product_id) REFERENCES products (id)
);
CREATE INDEX devices_serial_idx ON devices (serial);
CREATE INDEX devices_owner_idx ON devices (owner_id, id);
CREATE INDEX devices_manufacturer_idx ON devices (manufacturer_id, id);

CREATE TABLE device_events (
    id         VARCHAR(64) NOT NULL,
    device_id  VARCHAR(64) NOT NULL,
    at_ms      BIGINT      NOT NULL,
    action     VARCHAR(64) NOT NULL,
    from_state VARCHAR(16),
    to_state   VARCHAR(16) NOT NULL,
    actor      VARCHAR(64) NOT NULL,
    reason     VARCHAR,
    CONSTRAINT device_events_pk PRIMARY KEY (id),
    CONSTRAINT device_events_device_fk FOREIGN KEY (device_id) REFERENCES devices (id)
);
CREATE INDEX device_events_device_idx ON device_events (device_id, at_ms);

CREATE TABLE enrollment_secrets (
    device_id   VARCHAR(64) NOT NULL,
    secret_hash BYTEA       NOT NULL, -- SHA-256 of the secret
    expires_at  BIGINT      NOT NULL,
    CONSTRAINT enrollment_secrets_pk PRIMARY KEY (device_id),
    CONSTRAINT enrollment_secrets_device_fk FOREIGN KEY (device_id) REFERENCES devices (id)
);

CREATE TABLE device_certificates (
    ca_alias      VARCHAR(128) NOT NULL,
    serial_hex    VARCHAR(42)  NOT NULL,
    device_id     VARCHAR(64)  NOT NULL,
    org_id        VARCHAR(64)  NOT NULL,
    purpose       VARCHAR(8)   NOT NULL, -- IDEVID or LDEVID
    not_before    BIGINT       NOT NULL,
    not_after     BIGINT       NOT NULL,
    status        VARCHAR(8)   NOT NULL, -- GOOD, HELD or REVOKED
    status_at     BIGINT,
    reason        VARCHAR(32),
    sha256        CHAR(64)     NOT NULL,
    der           BYTEA        NOT NULL,
    CONSTRAINT device_certificates_pk PRIMARY KEY (ca_alias, serial_hex),
    CONSTRAINT device_certificates_sha256_uq UNIQUE (sha256),
    CONSTRAINT device_certificates_device_fk FOREIGN KEY (device_id) REFERENCES devices (id)
);
CREATE INDEX device_certificates_device_idx ON device_certificates (device_id, not_before);
CREATE INDEX device_certificates_status_idx ON device_certificates (ca_alias, status);

CREATE TABLE identity_policies (
    org_id     VARCHAR(64) NOT NULL,
    activation VARCHAR(16) NOT NULL, -- enum constant name
    CONSTRAINT identity_policies_pk PRIMARY KEY (org_id),
    CONSTRAINT identity_policies_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id)
);
