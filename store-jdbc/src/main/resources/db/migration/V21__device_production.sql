-- Remote attestation: whether a device is in production (debug must be disabled) or marked as development
-- (debug allowed). Every device is in production unless its owner says otherwise.
ALTER TABLE devices ADD COLUMN production BOOLEAN DEFAULT TRUE NOT NULL;
