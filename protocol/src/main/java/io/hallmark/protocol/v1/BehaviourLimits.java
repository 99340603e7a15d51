package io.hallmark.protocol.v1;

import java.util.Map;

/**
 * A product's behaviour limits (docs/behaviour/detection.md): {@code PUT /api/v1/products/{product}/behaviour-limits}
 * takes them, and the same route with {@code GET} returns them.
 *
 * @param product the product's id (ignored in a request)
 * @param limits for each metric ({@code bytes_out_per_s}, {@code packets_out_per_s}, {@code connections_per_s},
 *     {@code destinations}, {@code auth_failures}, {@code cpu_percent}) the highest value a device may report; an empty
 *     object removes every limit
 */
public record BehaviourLimits(String product, Map<String, Double> limits) {}
