-- An owner's responses to behaviour findings. Same portable rules as V1.
CREATE TABLE behaviour_policies (
    org_id                  VARCHAR(64) NOT NULL,
    quarantine_on_violation BOOLEAN     NOT NULL,
    CONSTRAINT behaviour_policies_pk PRIMARY KEY (org_id),
    CONSTRAINT behaviour_policies_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id)
);
