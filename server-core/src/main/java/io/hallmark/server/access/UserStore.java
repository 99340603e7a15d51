package io.hallmark.server.access;

import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.util.Optional;

/** Persistence of users (a port). */
public interface UserStore {
    /**
     * Inserts a new user.
     *
     * @throws io.hallmark.server.persistence.ConflictException when the name is taken
     */
    void insert(User user);

    /** Replaces roles, password hash and the disabled flag of an existing user. */
    void update(User user);

    /** The user with {@code id}. */
    Optional<User> findById(String id);

    /** The user named {@code name}. */
    Optional<User> findByName(String name);

    /** Users of one organization, or of all when {@code orgId} is empty, ordered by id. */
    Page<User> list(Optional<String> orgId, PageRequest page);
}
