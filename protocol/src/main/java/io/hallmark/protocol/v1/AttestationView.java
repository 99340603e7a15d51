package io.hallmark.protocol.v1;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An attestation result of a device.
 *
 * @param integrity the device's live integrity (affirming, warning, contraindicated, unknown); on history items the
 *     result's own status
 * @param status the result's status (ear_status), absent when the device has no result
 * @param appraisedAt when the result was made
 * @param vector the AR4SI trustworthiness vector, by category
 * @param ear the signed result (EAT Attestation Result, compact JWS), to verify offline with the attestation key
 */
public record AttestationView(
        String device,
        String serial,
        String integrity,
        String status,
        Instant appraisedAt,
        Map<String, Integer> vector,
        List<AttestationFindingView> findings,
        String ear) {}
