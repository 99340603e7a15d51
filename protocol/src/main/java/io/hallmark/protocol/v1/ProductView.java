package io.hallmark.protocol.v1;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A product.
 *
 * @param hardwareType the hwType OID its devices' birth certificates carry (RFC 4108 §5)
 */
public record ProductView(
        String id,
        String org,
        String model,
        String name,
        String hardwareType,
        LocalDate supportUntil,
        Instant createdAt) {}
