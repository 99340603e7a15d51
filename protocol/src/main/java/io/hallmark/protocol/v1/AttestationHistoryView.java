package io.hallmark.protocol.v1;

import java.util.List;

/**
 * A device's attestation results, newest first.
 *
 * @param items the results
 */
public record AttestationHistoryView(List<AttestationView> items) {}
