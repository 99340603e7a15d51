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

    /** The TOTP secret of user {@code userId}, if one was made. */
    Optional<TotpSecret> findTotp(String userId);

    /** Stores the TOTP secret of its user, replacing any earlier one. */
    void putTotp(TotpSecret secret);

    /** Removes the TOTP secret of {@code userId}; whether there was one. */
    boolean deleteTotp(String userId);

    /**
     * Marks time step {@code step} used for {@code userId}, atomically and only when it is later than the last one
     * used: whether it was (a code replayed, or raced by a second request, answers false).
     */
    boolean useTotpStep(String userId, long step);
}
