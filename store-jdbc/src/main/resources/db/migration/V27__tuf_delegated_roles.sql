-- Trusted updates: each product's delegated targets role is served as N.product-<dir>.json, where <dir> may have up to
-- 64 characters; file names get room for it. Same portable rules as V1 (standard SET DATA TYPE, H2 and PostgreSQL).

ALTER TABLE tuf_files ALTER COLUMN name SET DATA TYPE VARCHAR(128);
