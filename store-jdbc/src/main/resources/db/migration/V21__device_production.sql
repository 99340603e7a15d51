-- Remote attestation: whether a device, or a whole product, is in production (debug must be disabled) or marked as
-- development (debug allowed). Everything is in production unless its owner (device) or manufacturer (product) says
-- otherwise; a device is in production only while both it and its product are.
ALTER TABLE devices ADD COLUMN production BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE products ADD COLUMN production BOOLEAN DEFAULT TRUE NOT NULL;
