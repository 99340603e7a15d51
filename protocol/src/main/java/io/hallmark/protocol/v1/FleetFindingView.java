package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * A fleet-audit finding.
 *
 * @param id {@code faf_...}
 * @param check the check's stable id, e.g. {@code device.certificate.expiring}
 * @param severity low, medium, high or critical
 * @param resourceType device, ca, organization, user, token, audit-chain or product
 * @param resource the resource's id
 * @param resourceName a name for people, e.g. a device's serial
 * @param expected what the check wants, in words
 * @param actual what the latest run found, in words
 * @param remediation what to do about it
 * @param state open, suppressed or resolved
 * @param resolvedAt when a run no longer saw it
 */
public record FleetFindingView(
        String id,
        String org,
        String check,
        String severity,
        String resourceType,
        String resource,
        String resourceName,
        String expected,
        String actual,
        String remediation,
        String state,
        Instant firstSeen,
        Instant lastSeen,
        Instant resolvedAt) {}
