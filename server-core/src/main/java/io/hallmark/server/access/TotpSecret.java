package io.hallmark.server.access;

import io.hallmark.core.Checks;
import java.time.Instant;

/**
 * A user's TOTP secret as stored: sealed (AES-256-GCM under a key derived in the vault), never in clear.
 *
 * @param userId the user
 * @param sealed {@code v1.} and the base64url of nonce and ciphertext with tag
 * @param confirmed whether the user proved with a code that their authenticator holds it; only then is it asked for
 * @param lastStep the last time step whose code was accepted (each code is usable once), -1 before any
 * @param createdAt when it was made
 */
public record TotpSecret(String userId, String sealed, boolean confirmed, long lastStep, Instant createdAt) {
    /** Checks the fields. */
    public TotpSecret {
        Checks.notBlank(userId, "userId");
        Checks.notBlank(sealed, "sealed");
        Checks.notNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        return "TotpSecret[" + userId + ", confirmed=" + confirmed + "]";
    }
}
