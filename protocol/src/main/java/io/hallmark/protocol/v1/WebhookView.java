package io.hallmark.protocol.v1;

import java.time.Instant;
import java.util.List;

/**
 * A webhook.
 *
 * @param secret its signing secret ({@code whsec_...}, Standard Webhooks): only in the answer that made it
 */
public record WebhookView(
        String id,
        String org,
        String url,
        List<String> events,
        boolean allowPrivateNetwork,
        String createdBy,
        Instant createdAt,
        String secret) {}
