package io.hallmark.protocol.v1;

import java.util.List;
import java.util.Map;

/**
 * A product's attestation reference values (its allow-list): per measured component, the digests taken.
 *
 * @param components component name to digests, each {@code sha-256:<64 hex>} or {@code sha-384:<96 hex>}
 */
public record ReferenceValuesView(Map<String, List<String>> components) {}
