package io.hallmark.protocol.v1;

/**
 * {@code POST /api/v1/me/totp}: turn on two-step sign-in for the console (RFC 6238 TOTP) for oneself.
 *
 * @param password one's console password, asked again before a second factor is made
 */
public record TotpEnable(String password) {
    @Override
    public String toString() {
        return "TotpEnable[password hidden]";
    }
}
