package io.hallmark.server.fleetaudit;

import io.hallmark.core.Checks;

/**
 * What a finding is about.
 *
 * @param type {@code device}, {@code ca}, {@code organization}, {@code user}, {@code token}, {@code audit-chain},
 *     {@code product} or {@code release}
 * @param id the resource's id, e.g. {@code dev_...} or a CA's vault alias
 * @param name a name for people, e.g. a device's serial
 */
public record Resource(String type, String id, String name) {
    /** Checks the fields. */
    public Resource {
        Checks.notBlank(type, "type");
        Checks.notBlank(id, "id");
        Checks.notNull(name, "name");
    }
}
