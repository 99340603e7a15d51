package io.hallmark.server.access;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored API token: its id, who it acts for, and the SHA-256 of its secret. The secret itself is shown once, when
 * the token is made, and never stored.
 *
 * @param id {@code tok_...}, the public half of the token text
 * @param secretHash SHA-256 of the 256-bit secret
 */
public record ApiToken(
        String id,
        String userId,
        String name,
        byte[] secretHash,
        Instant createdAt,
        Instant expiresAt,
        Optional<Instant> revokedAt) {
    /** Checks the fields. */
    public ApiToken {
        Checks.notBlank(id, "id");
        Checks.notBlank(userId, "userId");
        Checks.notNull(name, "name");
        Checks.check(secretHash != null && secretHash.length == 32, "secretHash", "?", "32 bytes");
        secretHash = secretHash.clone();
        Checks.notNull(createdAt, "createdAt");
        Checks.notNull(expiresAt, "expiresAt");
        Checks.notNull(revokedAt, "revokedAt");
    }

    @Override
    public byte[] secretHash() {
        return secretHash.clone();
    }

    /** Whether the token may be used at {@code now}. */
    public boolean isUsable(Instant now) {
        return revokedAt.isEmpty() && now.isBefore(expiresAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiToken t && t.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "ApiToken[" + id + ", user=" + userId + ", expires=" + expiresAt + ", revoked=" + revokedAt + "]";
    }
}
