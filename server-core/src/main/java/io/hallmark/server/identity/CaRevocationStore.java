package io.hallmark.server.identity;

import java.util.List;
import java.util.Optional;

/** Persistence of the issuing CAs revoked by their roots (migration V25). */
public interface CaRevocationStore {
    /**
     * Stores a revocation.
     *
     * @throws io.hallmark.server.persistence.ConflictException when the CA is already revoked
     */
    void insert(CaRevocation revocation);

    /** The revocation of the CA {@code caAlias}, if it was revoked. */
    Optional<CaRevocation> find(String caAlias);

    /** The CAs the root {@code rootAlias} revoked, for its CRL. */
    List<CaRevocation> byRoot(String rootAlias);

    /** Every revoked CA, oldest first (a handful: a CA is revoked rarely). */
    List<CaRevocation> all();
}
