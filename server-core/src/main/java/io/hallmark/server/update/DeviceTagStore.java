package io.hallmark.server.update;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Persistence of what rollouts select devices by: owner-set tags, and the firmware version a device reported. */
public interface DeviceTagStore {
    /** The device's tags, by name. */
    Map<String, String> tags(String deviceId);

    /** Sets tag {@code name} of the device to {@code value} (replacing its value, if it had the tag). */
    void put(String deviceId, String name, String value, Instant now);

    /** Removes tag {@code name} of the device; whether it had it. */
    boolean remove(String deviceId, String name);

    /**
     * Records {@code version} as the device's running firmware, with its sort key ({@link FirmwareVersion#key}); a
     * no-op when it is already the recorded one. Returns whether it changed.
     */
    boolean reportFirmware(String deviceId, String version, Instant at);

    /** The firmware version the device last reported, if any. */
    Optional<String> firmware(String deviceId);
}
