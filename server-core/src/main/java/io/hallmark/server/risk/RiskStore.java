package io.hallmark.server.risk;

import java.util.List;

/**
 * Port: what risk scores are made of, read set-wise for one page of devices (fleet-audit findings, behaviour alerts,
 * attestation results). Read only.
 */
public interface RiskStore {
    /**
     * A count of one device's items of one severity.
     *
     * @param deviceId the device
     * @param severity LOW..CRITICAL
     * @param count how many
     */
    record Count(String deviceId, String severity, long count) {}

    /**
     * A device's latest attestation status.
     *
     * @param deviceId the device
     * @param status NONE, AFFIRMING, WARNING or CONTRAINDICATED
     */
    record Status(String deviceId, String status) {}

    /** Open fleet-audit findings of organization {@code orgId} about the devices, counted by device and severity. */
    List<Count> openFindings(String orgId, List<String> deviceIds);

    /** Unresolved behaviour alerts of the devices, counted by device and severity. */
    List<Count> openAlerts(List<String> deviceIds);

    /** The latest attestation status of those devices that have one. */
    List<Status> attestations(List<String> deviceIds);
}
