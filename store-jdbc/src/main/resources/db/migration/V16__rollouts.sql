-- Rollouts: an owner's campaign delivering one release to its devices in waves, and each device's assignment.
-- Same portable rules as V1. Assignments are created and released set-based (INSERT ... SELECT, one UPDATE per
-- wave), so a rollout over a million devices is a handful of statements.

CREATE TABLE rollouts (
    id              VARCHAR(64)  NOT NULL,
    org_id          VARCHAR(64)  NOT NULL, -- the owner
    release_id      VARCHAR(64)  NOT NULL,
    product_id      VARCHAR(64)  NOT NULL,
    waves           VARCHAR(400) NOT NULL, -- the waves as given: "1%,10%,100%" or "10,100"
    wave_counts     VARCHAR(400) NOT NULL, -- the cumulative device counts they came to, comma-separated
    wave            INT          NOT NULL, -- index of the wave released last
    success_pct     INT          NOT NULL,
    failure_pct     INT          NOT NULL,
    rate_per_minute INT          NOT NULL, -- first deliveries per minute; 0: unlimited
    window_utc      VARCHAR(11),           -- maintenance window "HH:MM-HH:MM" (UTC); null: any time
    security        BOOLEAN      NOT NULL,
    state           VARCHAR(16)  NOT NULL, -- RUNNING, PAUSED, CANCELLED, COMPLETED
    state_reason    VARCHAR,
    total           BIGINT       NOT NULL,
    released        BIGINT       NOT NULL, -- devices in released waves
    installed       BIGINT       NOT NULL,
    failed          BIGINT       NOT NULL, -- failed or rolled back
    created_by      VARCHAR(64)  NOT NULL,
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL,
    CONSTRAINT rollouts_pk PRIMARY KEY (id),
    CONSTRAINT rollouts_org_fk FOREIGN KEY (org_id) REFERENCES organizations (id),
    CONSTRAINT rollouts_release_fk FOREIGN KEY (release_id) REFERENCES releases (id)
);
CREATE INDEX rollouts_org_idx ON rollouts (org_id, id);
CREATE INDEX rollouts_release_idx ON rollouts (release_id);

CREATE TABLE rollout_devices (
    rollout_id   VARCHAR(64) NOT NULL,
    device_id    VARCHAR(64) NOT NULL,
    seq          BIGINT      NOT NULL, -- 1.. in device id order: the waves take devices by seq
    state        VARCHAR(16) NOT NULL, -- PENDING, ASSIGNED, DOWNLOADING, INSTALLED, FAILED, ROLLED_BACK, CANCELLED
    reason       VARCHAR(500),
    delivered_at BIGINT,               -- first delivery of the assignment to the device
    updated_at   BIGINT      NOT NULL,
    CONSTRAINT rollout_devices_pk PRIMARY KEY (rollout_id, device_id),
    CONSTRAINT rollout_devices_rollout_fk FOREIGN KEY (rollout_id) REFERENCES rollouts (id)
);
CREATE INDEX rollout_devices_seq_idx ON rollout_devices (rollout_id, seq);
CREATE INDEX rollout_devices_device_idx ON rollout_devices (device_id, state);
CREATE INDEX rollout_devices_delivered_idx ON rollout_devices (rollout_id, delivered_at);
