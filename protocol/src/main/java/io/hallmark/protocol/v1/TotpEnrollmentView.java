package io.hallmark.protocol.v1;

/**
 * A new TOTP secret, shown this once: scan {@code otpauthUri} (or type {@code secret}) into an authenticator app, then
 * confirm with its first code ({@code POST /api/v1/me/totp/confirm}).
 *
 * @param otpauthUri the Key Uri Format provisioning URI ({@code otpauth://totp/...}: SHA1, 6 digits, 30 s)
 * @param secret the secret in base32 (RFC 4648 §6), without padding
 */
public record TotpEnrollmentView(String otpauthUri, String secret) {
    @Override
    public String toString() {
        return "TotpEnrollmentView[hidden]";
    }
}
