package io.hallmark.server.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of API tokens (a port). Only hashes of secrets are stored. */
public interface TokenStore {
    /** Inserts a new token. */
    void insert(ApiToken token);

    /** The token with {@code id}. */
    Optional<ApiToken> findById(String id);

    /** Marks the token revoked at {@code at}; returns false when it does not exist or was already revoked. */
    boolean revoke(String id, Instant at);

    /** Revokes every token of a user; returns how many were revoked. */
    int revokeAllOfUser(String userId, Instant at);

    /** The tokens of a user, newest first. */
    List<ApiToken> listByUser(String userId);
}
