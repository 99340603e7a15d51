package io.hallmark.protocol.v1;

/**
 * The body of {@code POST /api/v1/devices/{device}/{approve|quarantine|release|decommission|transfer}}.
 *
 * @param reason why; required except for approve
 */
public record DeviceAction(String reason) {}
