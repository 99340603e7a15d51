package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * The body of {@code POST /api/v1/alert-suppressions}: accept one kind of behaviour finding for a time.
 *
 * @param org the organization (id or name); the device's owner, or the caller's organization, when absent
 * @param kind a finding id ({@code behaviour.listen.telnet}) or a prefix ending in {@code .*}; required
 * @param device one device (id or serial); at most one of {@code device} and {@code product}
 * @param product the organization's devices of one product (id, or model of the caller's organization)
 * @param until when it stops applying; required, in the future and within 366 days
 * @param reason why; required, at most 1000 characters
 */
public record AlertSuppressionRequest(
        String org, String kind, String device, String product, Instant until, String reason) {}
