package io.hallmark.protocol.v1;

/**
 * {@code POST /api/v1/me/totp/confirm}: the first code of the new secret; from then on the console asks for one.
 *
 * @param code six digits
 */
public record TotpConfirm(String code) {}
