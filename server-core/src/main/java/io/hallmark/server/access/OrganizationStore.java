package io.hallmark.server.access;

import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.util.Optional;

/** Persistence of organizations (a port; the JDBC module implements it). */
public interface OrganizationStore {
    /**
     * Inserts a new organization.
     *
     * @throws io.hallmark.server.persistence.ConflictException when the name is taken
     */
    void insert(Organization organization);

    /** The organization with {@code id}. */
    Optional<Organization> findById(String id);

    /** The organization named {@code name} (exact match). */
    Optional<Organization> findByName(String name);

    /** Organizations ordered by id; the cursor is the last id of the previous page. */
    Page<Organization> list(PageRequest page);
}
