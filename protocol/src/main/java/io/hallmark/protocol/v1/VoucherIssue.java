package io.hallmark.protocol.v1;

/**
 * {@code POST /api/v1/vouchers}: a manufacturer's voucher for one of its devices (RFC 8366), to an owner of this
 * instance or to another instance's domain.
 *
 * @param org the manufacturer; the caller's organization when null
 * @param serial the device's serial number
 * @param owner an owner organization of this instance (id or name); or null with {@code pinnedCert}
 * @param pinnedCert the other domain's CA certificate, PEM; or null with {@code owner}
 * @param validityDays how long the voucher is valid (default 30, at most 365)
 */
public record VoucherIssue(String org, String serial, String owner, String pinnedCert, Integer validityDays) {}
