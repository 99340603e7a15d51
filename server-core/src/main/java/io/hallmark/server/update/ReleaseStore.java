package io.hallmark.server.update;

import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.util.List;
import java.util.Optional;

/** Persistence of releases. */
public interface ReleaseStore {
    /**
     * Stores a new release.
     *
     * @throws io.hallmark.server.persistence.ConflictException when the product already has this version
     */
    void insert(Release release);

    /**
     * Marks {@code release} revoked with its revocation, when it is still published or pending signatures; returns
     * whether it was.
     */
    boolean revoke(Release release);

    /** The release with {@code id}. */
    Optional<Release> findById(String id);

    /** The releases of manufacturer {@code orgId}, by id. */
    Page<Release> list(String orgId, PageRequest page);

    /** Every published (not revoked) release of manufacturer {@code orgId}: the content of its targets metadata. */
    List<Release> published(String orgId);

    /** Every release of manufacturer {@code orgId} pending its product role's offline signatures. */
    List<Release> pending(String orgId);

    /** Marks the pending releases of {@code orgId} with these target paths published. */
    void publishPending(String orgId, java.util.Collection<String> targetPaths);

    /** The published release of {@code orgId} whose target is {@code targetPath}. */
    Optional<Release> findPublished(String orgId, String targetPath);
}
