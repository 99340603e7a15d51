package io.hallmark.protocol.v1;

import java.util.List;

/** {@code GET /api/v1/webhooks}: an organization's webhooks, without their secrets. */
public record Webhooks(List<WebhookView> items) {}
