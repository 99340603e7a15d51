package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * A certificate of another instance's manufacturer an owner trusts.
 *
 * @param subject the certificate's subject
 * @param sha256 hex SHA-256 of the certificate
 */
public record TrustedManufacturerView(String org, String name, String subject, String sha256, Instant createdAt) {}
