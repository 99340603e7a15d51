package io.hallmark.server.identity;

import io.hallmark.core.Checks;
import java.time.Instant;

/**
 * A certificate of another instance's manufacturer that an owner trusts: its root (for vouchers) or its IDevID
 * issuing CA (for birth certificates); {@code hallmark trust add-manufacturer} stores each certificate of the chain.
 *
 * @param orgId the owner that trusts it
 * @param sha256 hex SHA-256 of the DER certificate
 * @param name a name for people
 */
public record TrustedManufacturer(String orgId, String sha256, String name, byte[] der, Instant createdAt) {
    /** Checks the fields. */
    public TrustedManufacturer {
        Checks.notBlank(orgId, "orgId");
        Checks.notBlank(sha256, "sha256");
        Checks.notBlank(name, "name");
        Checks.notNull(der, "der");
        Checks.notNull(createdAt, "createdAt");
    }
}
