package io.hallmark.server.identity;

import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.util.Optional;

/** Persistence of products. */
public interface ProductStore {
    /**
     * Stores a new product.
     *
     * @throws io.hallmark.server.persistence.ConflictException when the manufacturer already has the model
     */
    void insert(Product product);

    /** The product with {@code id}. */
    Optional<Product> findById(String id);

    /** The product of manufacturer {@code orgId} with {@code model}. */
    Optional<Product> findByModel(String orgId, String model);

    /** Stores (or replaces) the MUD file of a product, as received. */
    void putMud(String productId, byte[] mud, java.time.Instant at);

    /** The MUD file of a product, if one is attached. */
    Optional<byte[]> findMud(String productId);

    /** The products of {@code orgId} by id. */
    Page<Product> list(String orgId, PageRequest page);

    /** Replaces the behaviour limits of a product (a JSON object from metric name to maximum). */
    void putLimits(String productId, String limitsJson, java.time.Instant at);

    /** The behaviour limits of a product, as stored, if any were set. */
    Optional<String> findLimits(String productId);
}
