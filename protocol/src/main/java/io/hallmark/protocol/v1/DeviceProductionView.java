package io.hallmark.protocol.v1;

/**
 * Whether a device is in production (debug must be disabled: evidence with debug enabled is a warning) or marked as
 * development (debug allowed: only noted). Devices are in production unless their owner says otherwise.
 *
 * @param device the device's id (answers only)
 * @param serial the device's serial number (answers only)
 * @param production true: in production; false: development
 */
public record DeviceProductionView(String device, String serial, Boolean production) {}
