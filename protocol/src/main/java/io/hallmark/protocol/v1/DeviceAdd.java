package io.hallmark.protocol.v1;

/**
 * {@code POST /api/v1/devices}: adds a device without a birth certificate and makes its one-time enrollment secret.
 *
 * @param org the owner; the caller's organization when null
 * @param serial the device's serial, its EST user name
 * @param product a product id, optional
 * @param ttlMinutes how long the secret is valid (default 7 days, at most 90 days)
 */
public record DeviceAdd(String org, String serial, String product, Long ttlMinutes) {}
