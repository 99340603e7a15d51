-- Fewer index pages written per attestation result (a result and its device's latest are written up to thousands
-- of times a second). Same portable rules as V1.
--
-- attestation_latest_org_idx (org_id) is the first column of attestation_latest_status_idx (V26), which answers every
-- query by organization; each change of a device's latest result rewrote a page of both.
DROP INDEX attestation_latest_org_idx;
