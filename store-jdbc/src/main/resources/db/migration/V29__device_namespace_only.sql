-- The device list's third branch (the devices an organization sees through its serial namespace only) read from an
-- index that holds those devices and no others. Before, the branch read every device of the namespace, and an owner's
-- own devices are nearly always in its namespace too: a filter that matched none of them read the whole fleet there
-- after the owner's branch had found nothing. Same portable rules as V1.
--
-- namespace_only is the namespace when the organization of the namespace neither owns nor made the device, else NULL;
-- the device store writes it with the owner.
ALTER TABLE devices ADD COLUMN namespace_only VARCHAR(64);
UPDATE devices SET namespace_only = namespace
    WHERE (owner_id IS NULL OR owner_id <> namespace) AND (manufacturer_id IS NULL OR manufacturer_id <> namespace);
CREATE INDEX devices_namespace_only_idx ON devices (namespace_only, id);
-- the whole namespace in id order is no longer read by the list
DROP INDEX devices_namespace_idx;

-- the manufacturer's branch of a filtered list, like the owner's of V26: a manufacturer whose devices are owned by
-- its customers reads the matches of a state, a product, a firmware version, or a product and a firmware version in
-- id order, and a filter that matches nothing costs an index probe rather than a scan of every device it made
CREATE INDEX devices_manufacturer_state_idx ON devices (manufacturer_id, state, id);
CREATE INDEX devices_manufacturer_product_idx ON devices (manufacturer_id, product_id, id);
CREATE INDEX devices_manufacturer_firmware_idx ON devices (manufacturer_id, firmware_version, id);
CREATE INDEX devices_manufacturer_product_firmware_idx ON devices (manufacturer_id, product_id, firmware_version, id);
