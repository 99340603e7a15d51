-- Trusted updates: firmware releases and each manufacturer's TUF repository (role versions and expiries, and the
-- metadata files as served). Same portable rules as V1; images and SBOMs are files under the data directory.

CREATE TABLE releases (
    id             VARCHAR(64)  NOT NULL,
    org_id         VARCHAR(64)  NOT NULL, -- the manufacturer
    product_id     VARCHAR(64)  NOT NULL,
    product_model  VARCHAR(64)  NOT NULL,
    version        VARCHAR(64)  NOT NULL,
    target_path    VARCHAR(300) NOT NULL, -- <model>/<version>/<image name>
    image_sha256   CHAR(64)     NOT NULL,
    image_length   BIGINT       NOT NULL,
    sbom_sha256    CHAR(64),
    measurements   VARCHAR      NOT NULL, -- one "name=hexdigest" per line, sorted by name
    hardware       VARCHAR      NOT NULL, -- revisions separated by commas; empty: all
    security       BOOLEAN      NOT NULL,
    state          VARCHAR(16)  NOT NULL, -- PUBLISHED or REVOKED
    published_by   VARCHAR(64)  NOT NULL,
    published_at   BIGINT       NOT NULL,
    revoked_by     VARCHAR(64),
    revoked_at     BIGINT,
    revoke_reason  VARCHAR,
    CONSTRAINT releases_pk PRIMARY KEY (id),
    CONSTRAINT releases_version_uq UNIQUE (product_id, version),
    CONSTRAINT releases_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id),
    CONSTRAINT releases_product_fk FOREIGN KEY (product_id) REFERENCES products (id)
);
CREATE INDEX releases_org_idx ON releases (org_id, id);
CREATE INDEX releases_target_idx ON releases (org_id, target_path);

CREATE TABLE tuf_repositories (
    org_id            VARCHAR(64) NOT NULL,
    root_version      BIGINT      NOT NULL,
    targets_version   BIGINT      NOT NULL,
    snapshot_version  BIGINT      NOT NULL,
    timestamp_version BIGINT      NOT NULL,
    root_expires      BIGINT      NOT NULL,
    targets_expires   BIGINT      NOT NULL,
    snapshot_expires  BIGINT      NOT NULL,
    timestamp_expires BIGINT      NOT NULL,
    CONSTRAINT tuf_repositories_pk PRIMARY KEY (org_id),
    CONSTRAINT tuf_repositories_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id)
);
CREATE INDEX tuf_repositories_expiry_idx ON tuf_repositories (timestamp_expires);

CREATE TABLE tuf_files (
    org_id     VARCHAR(64) NOT NULL,
    name       VARCHAR(64) NOT NULL, -- N.root.json, N.targets.json, N.snapshot.json, timestamp.json
    content    BYTEA       NOT NULL,
    written_at BIGINT      NOT NULL,
    CONSTRAINT tuf_files_pk PRIMARY KEY (org_id, name),
    CONSTRAINT tuf_files_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id)
);
