-- Issuing CAs revoked by their organization's root: the root's CRL lists each (RFC 5280 §5.1.2.6) and the CA issues
-- nothing more. One row per CA, never deleted. Same portable rules as V1.
CREATE TABLE ca_revocations (
    ca_alias   VARCHAR(128) NOT NULL, -- the issuing CA's vault alias, e.g. org.acme.ldevid-ca
    org_id     VARCHAR(64)  NOT NULL,
    root_alias VARCHAR(128) NOT NULL, -- the root whose CRL lists it
    serial_hex VARCHAR(42)  NOT NULL, -- the CA certificate's serial number, lower-case hexadecimal
    reason     VARCHAR(32)  NOT NULL, -- CertificateStatus.Reason name, e.g. KEY_COMPROMISE
    revoked_at BIGINT       NOT NULL,
    revoked_by VARCHAR(64)  NOT NULL,
    CONSTRAINT ca_revocations_pk PRIMARY KEY (ca_alias),
    CONSTRAINT ca_revocations_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id)
);
CREATE INDEX ca_revocations_root_idx ON ca_revocations (root_alias);
