package io.hallmark.server.identity;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A manufacturer's device model.
 *
 * @param id {@code prd_...}
 * @param orgId the manufacturer
 * @param model the manufacturer's model identifier, unique within the manufacturer, e.g. {@code cam-200}
 * @param name a name for people, e.g. {@code Outdoor Camera 200}
 * @param hardwareType the product's type OID, written as the hwType of the hardwareModuleName in its devices'
 *     birth certificates (RFC 4108 §5); an arc under {@code 2.25} made from a random UUID (ITU-T X.667), so that no
 *     registration is needed
 * @param supportUntil the last day of the security support period, if declared
 */
public record Product(
        String id,
        String orgId,
        String model,
        String name,
        String hardwareType,
        Optional<LocalDate> supportUntil,
        Instant createdAt) {
    /** Checks the fields. */
    public Product {
        Checks.notBlank(id, "id");
        Checks.notBlank(orgId, "orgId");
        Checks.notBlank(model, "model");
        Checks.notBlank(name, "name");
        Checks.notBlank(hardwareType, "hardwareType");
        Checks.notNull(supportUntil, "supportUntil");
        Checks.notNull(createdAt, "createdAt");
    }
}
