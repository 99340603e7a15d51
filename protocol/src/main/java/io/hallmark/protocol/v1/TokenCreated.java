package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * A new token; {@code token} is the secret text, shown this once and stored only as a hash.
 *
 * @param token the bearer token: {@code hm1_<id>_<secret>}
 */
public record TokenCreated(String id, String user, String name, Instant expiresAt, String token) {
    @Override
    public String toString() {
        return "TokenCreated[id=" + id + ", user=" + user + ", expiresAt=" + expiresAt + "]";
    }
}
