-- The maker's behaviour limits of a product (docs/behaviour/detection.md): a JSON object from metric name to the
-- highest allowed value. Same portable rules as V1.
CREATE TABLE product_behaviour_limits (
    product_id VARCHAR(64)   NOT NULL,
    limits     VARCHAR(2000) NOT NULL,
    updated_at BIGINT        NOT NULL,
    CONSTRAINT product_behaviour_limits_pk PRIMARY KEY (product_id),
    CONSTRAINT product_behaviour_limits_product_fk FOREIGN KEY (product_id) REFERENCES products (id)
);
