package io.hallmark.protocol.v1;

import java.util.List;

/**
 * {@code POST /api/v1/webhooks}: a receiver of an organization's security events (docs/webhooks.md).
 *
 * @param org the organization; the caller's when null
 * @param url where events are posted, {@code https://...}
 * @param events event kinds, or prefixes ending with a dot; default {@code behaviour.} and {@code device.quarantine}
 * @param allowPrivateNetwork let the receiver be on a private, loopback or link-local address (platform
 *     administrators only; refused otherwise)
 */
public record WebhookCreate(String org, String url, List<String> events, Boolean allowPrivateNetwork) {}
