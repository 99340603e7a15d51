package io.hallmark.server.update;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of the manufacturers' TUF repositories: the version and expiry of each role, and the metadata files as
 * served ({@code N.root.json}, {@code N.targets.json}, {@code N.snapshot.json}, {@code timestamp.json}).
 */
public interface TufStore {
    /** The state of {@code orgId}'s repository, locked until the transaction ends (serializes its signers). */
    Optional<TufRepositoryState> lock(String orgId);

    /** The state of {@code orgId}'s repository. */
    Optional<TufRepositoryState> find(String orgId);

    /** Stores a new repository's state. */
    void insert(TufRepositoryState state);

    /** Stores the changed versions and expiries. */
    void update(TufRepositoryState state);

    /** Stores a metadata file, replacing one of the same name ({@code timestamp.json} only is ever replaced). */
    void putFile(String orgId, String name, byte[] content, Instant at);

    /** A metadata file. */
    Optional<byte[]> file(String orgId, String name);

    /** The stored keys of a product's delegated role (TUF §4.5); empty: its first vault key, signed online. */
    Optional<TufProductRole> findRole(String orgId, String role);

    /** Stores the keys of a product's delegated role, replacing what was stored. */
    void putRole(TufProductRole role);

    /** Every product role signed by release managers' offline keys (or about to be), of every manufacturer. */
    List<TufProductRole> offlineRoles();

    /** The repositories in which some role expires before {@code time}. */
    List<TufRepositoryState> expiringBefore(Instant time);
}
