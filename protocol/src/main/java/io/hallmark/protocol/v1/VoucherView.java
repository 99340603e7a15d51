package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * A voucher issued or imported here.
 *
 * @param kind issued or imported
 * @param pinnedSha256 hex SHA-256 of the pinned domain certificate
 * @param voucher the signed voucher, compact JWS ({@code application/voucher-jws+json})
 */
public record VoucherView(
        String id,
        String serial,
        String device,
        String issuer,
        String holder,
        String kind,
        String pinnedSha256,
        Instant expiresAt,
        Instant createdAt,
        String voucher) {}
