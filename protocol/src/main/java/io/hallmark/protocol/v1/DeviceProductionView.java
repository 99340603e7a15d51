package io.hallmark.protocol.v1;

/**
 * Whether a device (or a product) is in production (debug must be disabled: evidence with debug enabled is a warning)
 * or marked as development (debug allowed: only noted). Everything is in production unless marked; a device is in
 * production only while both it and its product are.
 *
 * @param device the device's id, or the product's (answers only)
 * @param serial the device's serial number, or the product's model (answers only)
 * @param production true: in production; false: development
 */
public record DeviceProductionView(String device, String serial, Boolean production) {}
