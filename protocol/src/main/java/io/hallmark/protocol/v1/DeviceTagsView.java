package io.hallmark.protocol.v1;

import java.util.Map;

/**
 * A device's tags and the firmware version it last reported: what rollouts select by.
 *
 * @param device the device id
 * @param serial its serial number
 * @param tags its tags, by name
 * @param firmwareVersion the firmware version it last reported (telemetry, or an installed release), if any
 */
public record DeviceTagsView(String device, String serial, Map<String, String> tags, String firmwareVersion) {}
