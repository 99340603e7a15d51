package io.hallmark.server.notify;

import io.hallmark.core.Checks;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A receiver of an organization's security events.
 *
 * @param id webhook id
 * @param orgId the organization whose events it receives
 * @param url where they are posted (HTTPS)
 * @param events event kinds or prefixes it wants ({@code behaviour.}, {@code device.quarantine}); every event
 *     kind that starts with one of them is sent
 * @param allowPrivate whether the receiver may be on a private, loopback or link-local address (set by a platform
 *     administrator only)
 * @param salt the random input of its signing secret's derivation (hex)
 * @param createdBy the user who added it
 * @param createdAt when
 */
public record Webhook(
        String id,
        String orgId,
        URI url,
        List<String> events,
        boolean allowPrivate,
        String salt,
        String createdBy,
        Instant createdAt) {
    /** Checks the fields. */
    public Webhook {
        Checks.notBlank(id, "id");
        Checks.notBlank(orgId, "orgId");
        Checks.notNull(url, "url");
        events = List.copyOf(Checks.notEmpty(events, "events"));
        Checks.notBlank(salt, "salt");
        Checks.notBlank(createdBy, "createdBy");
        Checks.notNull(createdAt, "createdAt");
    }

    /** Whether an event of {@code kind} goes to this receiver. */
    public boolean wants(String kind) {
        for (String e : events) {
            if (kind.equals(e) || (e.endsWith(".") && kind.startsWith(e))) {
                return true;
            }
        }
        return false;
    }
}
