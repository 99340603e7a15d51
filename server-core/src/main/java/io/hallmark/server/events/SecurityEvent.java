package io.hallmark.server.events;

import java.time.Instant;
import java.util.Optional;

/**
 * Something security-relevant happened that people must be told about (an alert): break-glass taken, repeated
 * token failures, later integrity and behaviour findings.
 *
 * @param kind a stable dotted name, e.g. {@code access.break-glass.started}
 * @param orgId the organization concerned, if any
 * @param subject what it is about (a user id, a device id)
 * @param message for a person
 */
public record SecurityEvent(String kind, Optional<String> orgId, String subject, String message, Instant time) {}
