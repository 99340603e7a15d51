-- Vulnerability exposure: each organization's imported advisories (OSV records, kept as imported) and VEX
-- statements (from CSAF 2.0 documents). Same portable rules as V1.
CREATE TABLE vuln_advisories (
    org_id      VARCHAR(64)  NOT NULL,
    id          VARCHAR(128) NOT NULL, -- the OSV id, e.g. GHSA-xxxx-xxxx-xxxx
    modified    VARCHAR(64)  NOT NULL,
    exploited   BOOLEAN      NOT NULL, -- known exploited (CISA KEV reference or database_specific flag)
    document    VARCHAR      NOT NULL, -- the record's compact JSON
    imported_at BIGINT       NOT NULL,
    CONSTRAINT vuln_advisories_pk PRIMARY KEY (org_id, id),
    CONSTRAINT vuln_advisories_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id)
);

CREATE TABLE vuln_vex (
    org_id          VARCHAR(64)   NOT NULL,
    vulnerability   VARCHAR(128)  NOT NULL, -- CVE or other id
    product_name    VARCHAR(256)  NOT NULL, -- the CSAF product_name branch (Hallmark: the product model)
    product_version VARCHAR(256)  NOT NULL, -- the CSAF product_version branch (Hallmark: the release version)
    product_id      VARCHAR(256)  NOT NULL,
    full_name       VARCHAR(1024) NOT NULL,
    purl            VARCHAR(2048),
    status          VARCHAR(24)   NOT NULL, -- AFFECTED, NOT_AFFECTED, FIXED, UNDER_INVESTIGATION
    imported_at     BIGINT        NOT NULL,
    CONSTRAINT vuln_vex_pk PRIMARY KEY (org_id, vulnerability, product_name, product_version),
    CONSTRAINT vuln_vex_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id)
);
