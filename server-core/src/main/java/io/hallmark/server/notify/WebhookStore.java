package io.hallmark.server.notify;

import java.util.List;
import java.util.Optional;

/** Webhooks (table {@code webhooks}). */
public interface WebhookStore {
    /** Stores a new webhook. */
    void insert(Webhook webhook);

    /** Deletes one; whether it existed. */
    boolean delete(String id);

    /** The webhook with {@code id}. */
    Optional<Webhook> find(String id);

    /** Every webhook, of all organizations (few: the sender keeps them in memory). */
    List<Webhook> all();
}
