-- The MUD file (RFC 8520) a manufacturer attached to a product, as received. Same portable rules as V1.
CREATE TABLE product_mud (
    product_id VARCHAR(64) NOT NULL,
    sha256     CHAR(64)    NOT NULL,
    mud        BYTEA       NOT NULL,
    updated_at BIGINT      NOT NULL,
    CONSTRAINT product_mud_pk PRIMARY KEY (product_id),
    CONSTRAINT product_mud_product_fk FOREIGN KEY (product_id) REFERENCES products (id)
);
