-- The device list's filters (product, firmware version, tag, live integrity, besides the life-cycle state), each a
-- page read by keyset (id order, no OFFSET) over fleets of a million devices. Same portable rules as V1.
--
-- The integrity filter reads each device's latest result without a join to attestation_results: its tier and
-- appraisal time are copied onto attestation_latest (written with it by the attestation store).
ALTER TABLE attestation_latest ADD COLUMN status VARCHAR(16);
ALTER TABLE attestation_latest ADD COLUMN appraised_at BIGINT;
UPDATE attestation_latest SET
    status = (SELECT r.status FROM attestation_results r WHERE r.id = attestation_latest.result_id),
    appraised_at = (SELECT r.appraised_at FROM attestation_results r WHERE r.id = attestation_latest.result_id);

-- an owner's devices of one tier, in device order, with the appraisal time to check freshness from the index
CREATE INDEX attestation_latest_status_idx ON attestation_latest (org_id, status, device_id, appraised_at);

-- an owner's devices of one state, one product or one reported firmware version, in id order: a page is a range of
-- one index (PostgreSQL reads it in order and stops after the page)
CREATE INDEX devices_owner_state_idx ON devices (owner_id, state, id);
CREATE INDEX devices_owner_product_idx ON devices (owner_id, product_id, id);
CREATE INDEX devices_owner_firmware_idx ON devices (owner_id, firmware_version, id);
-- a product's devices on one firmware version (product and state together: devices_selection_idx of V20)
CREATE INDEX devices_owner_product_firmware_idx ON devices (owner_id, product_id, firmware_version, id);
-- the third way an organization sees a device (its serial's namespace), in id order like the other two
CREATE INDEX devices_namespace_idx ON devices (namespace, id);
