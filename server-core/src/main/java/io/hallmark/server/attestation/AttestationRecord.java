package io.hallmark.server.attestation;

import io.hallmark.core.Checks;
import io.hallmark.protocol.attestation.Tier;
import java.time.Instant;

/**
 * One recorded attestation result.
 *
 * @param id the result's id
 * @param deviceId the device appraised
 * @param orgId the device's owner (controller) at the time
 * @param status the result's tier
 * @param appraisedAt when
 * @param ear the signed result, a compact JWS (its claims hold the vector and the findings)
 */
public record AttestationRecord(
        String id, String deviceId, String orgId, Tier status, Instant appraisedAt, String ear) {
    /** Checks the fields. */
    public AttestationRecord {
        Checks.notBlank(id, "id");
        Checks.notBlank(deviceId, "deviceId");
        Checks.notBlank(orgId, "orgId");
        Checks.notNull(status, "status");
        Checks.notNull(appraisedAt, "appraisedAt");
        Checks.notBlank(ear, "ear");
    }
}
