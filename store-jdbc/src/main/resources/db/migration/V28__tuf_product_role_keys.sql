-- Trusted updates: the keys of each product's delegated targets role (TUF §4.5 delegations) when they differ from the
-- first vault key made with the product's first release: a newer vault key (a rotation), or the release managers'
-- offline keys with a threshold, and the role's next version waiting for their signatures. No row: the first vault
-- key, signed online. Same portable rules as V1 (H2 and PostgreSQL).

CREATE TABLE tuf_product_roles (
    org_id         VARCHAR(64)  NOT NULL, -- the manufacturer
    role           VARCHAR(80)  NOT NULL, -- product-<dir>
    vault_key      BIGINT       NOT NULL, -- the online key: 1 = org.<id>.tuf-d.<hash>, n > 1 = that alias + ".n"
    offline_keys   VARCHAR,               -- {"keys": {...}, "threshold": M} the delegation names; NULL: the vault key
    next_keys      VARCHAR,               -- offline keys set by the owner, named once a version they signed is complete
    pending        BYTEA,                 -- the role's next version (TUF file) with the signatures collected so far
    signed_version BIGINT       NOT NULL, -- the last version completed by offline signatures (0: none)
    CONSTRAINT tuf_product_roles_pk PRIMARY KEY (org_id, role),
    CONSTRAINT tuf_product_roles_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id)
);
