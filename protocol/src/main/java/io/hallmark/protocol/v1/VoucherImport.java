package io.hallmark.protocol.v1;

/**
 * {@code POST /api/v1/vouchers/import}: an owner brings a voucher signed by a trusted manufacturer.
 *
 * @param org the owner; the caller's organization when null
 * @param voucher the signed voucher, compact JWS
 */
public record VoucherImport(String org, String voucher) {}
