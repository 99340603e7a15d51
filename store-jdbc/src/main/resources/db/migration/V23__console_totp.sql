-- The console's second factor (TOTP, RFC 6238): one sealed secret per user. The secret itself is never stored in
-- clear: sealed_secret is AES-256-GCM under a key derived in the vault. last_step makes each code usable once.
CREATE TABLE user_totp (
    user_id       VARCHAR(64) NOT NULL,
    sealed_secret VARCHAR     NOT NULL,
    confirmed     BOOLEAN     NOT NULL,
    last_step     BIGINT      NOT NULL,
    created_at    BIGINT      NOT NULL,
    CONSTRAINT user_totp_pk PRIMARY KEY (user_id),
    CONSTRAINT user_totp_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
);
