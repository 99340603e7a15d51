/**
 * Webhooks: security events of an organization (behaviour alerts and incidents, quarantines, and whatever else is
 * published on the event bus) posted to its receivers, signed as the Standard Webhooks specification describes
 * ({@code docs/webhooks.md}).
 */
package io.hallmark.server.notify;
