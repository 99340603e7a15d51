package io.hallmark.protocol.v1;

/**
 * An owner's attestation policy.
 *
 * @param intervalSeconds how long a result counts (60..2592000; default 3600): a device without a newer one is
 *     {@code unknown}
 * @param quarantineOnContraindicated quarantine a device at once when its result is contraindicated (default false:
 *     the alert is published, nothing else)
 */
public record AttestationPolicyView(Long intervalSeconds, Boolean quarantineOnContraindicated) {}
