-- The console: its second factor (TOTP, RFC 6238), one sealed secret per user, and indexes for its fleet charts.
-- The secret is never stored in clear: sealed_secret is AES-256-GCM under a key derived in the vault. last_step
-- makes each code usable once.
CREATE TABLE user_totp (
    user_id       VARCHAR(64) NOT NULL,
    sealed_secret VARCHAR     NOT NULL,
    confirmed     BOOLEAN     NOT NULL,
    last_step     BIGINT      NOT NULL,
    created_at    BIGINT      NOT NULL,
    CONSTRAINT user_totp_pk PRIMARY KEY (user_id),
    CONSTRAINT user_totp_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
);

-- The console's fleet charts count per day over the last weeks: one range scan each.
CREATE INDEX devices_owner_created_idx ON devices (owner_id, created_at);
CREATE INDEX attestation_results_org_time_idx ON attestation_results (org_id, appraised_at);
CREATE INDEX behaviour_alerts_org_first_seen_idx ON behaviour_alerts (org_id, first_seen);
