package io.hallmark.server.assurance;

import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.util.Optional;

/** Persistence of trust labels. */
public interface LabelStore {
    /** Stores a new label. */
    void insert(Label label);

    /**
     * Stores the changed workflow fields of {@code label} (state, review, issue, revocation, last status) when the
     * stored state is still {@code expected}.
     *
     * @return whether the row was changed (false: another change came first)
     */
    boolean update(Label label, LabelState expected);

    /** The label with {@code id}. */
    Optional<Label> findById(String id);

    /** The labels of manufacturer {@code orgId}, by id. */
    Page<Label> list(String orgId, PageRequest page);

    /** Labels of every organization in state {@code state}, by id (what assessors have to review). */
    Page<Label> listInState(LabelState state, PageRequest page);
}
