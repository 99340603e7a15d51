-- Rollout selectors and waves taken one at a time. Same portable rules as V1.
--
-- Devices carry owner-set tags and the firmware version they last reported (with a key that sorts as versions do,
-- see FirmwareVersion), so a rollout can select by tag and by version. A rollout keeps its selector and a cursor:
-- each wave is one INSERT ... SELECT of the next selected devices after the last device id taken, so a device has an
-- assignment row only once a wave released it (no PENDING rows), and rollout_devices.seq now holds the number of
-- the wave that took the device (1 = the first).

CREATE TABLE device_tags (
    device_id  VARCHAR(64)  NOT NULL,
    tag_name   VARCHAR(64)  NOT NULL,
    tag_value  VARCHAR(128) NOT NULL,
    updated_at BIGINT       NOT NULL,
    CONSTRAINT device_tags_pk PRIMARY KEY (device_id, tag_name),
    CONSTRAINT device_tags_device_fk FOREIGN KEY (device_id) REFERENCES devices (id)
);
CREATE INDEX device_tags_tag_idx ON device_tags (tag_name, tag_value, device_id);

-- a rollout's selection read from one index, in the order waves take devices (without reading each device row
-- when the selector is the product only)
CREATE INDEX devices_selection_idx ON devices (owner_id, product_id, state, id, manufacturer_id);

ALTER TABLE devices ADD COLUMN firmware_version VARCHAR(64);
ALTER TABLE devices ADD COLUMN firmware_key VARCHAR(200);
ALTER TABLE devices ADD COLUMN firmware_at BIGINT;

ALTER TABLE rollouts ADD COLUMN selector_tags VARCHAR(7000);
ALTER TABLE rollouts ADD COLUMN selector_version VARCHAR(64);
ALTER TABLE rollouts ADD COLUMN selector_older VARCHAR(64);
ALTER TABLE rollouts ADD COLUMN cursor_device VARCHAR(64);

-- the rate limit of first deliveries: a count per UTC minute on the rollout row, not a count of assignments
ALTER TABLE rollouts ADD COLUMN rate_minute BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE rollouts ADD COLUMN rate_count INT DEFAULT 0 NOT NULL;

-- waves no longer select by seq, nor the rate limit by delivery time: two indexes less to write per assigned device
DROP INDEX rollout_devices_seq_idx;
DROP INDEX rollout_devices_delivered_idx;
-- earlier rollouts' PENDING rows become what a wave would now make: nothing (counted as pending from total)
DELETE FROM rollout_devices WHERE state = 'PENDING';
-- the released devices were the first in id order: the next wave continues after the last of them
UPDATE rollouts SET cursor_device = (SELECT MAX(rd.device_id) FROM rollout_devices rd WHERE rd.rollout_id = rollouts.id);
