package io.hallmark.server.identity;

import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of devices, their history and their one-time enrollment secrets. */
public interface DeviceStore {
    /**
     * Stores a new device.
     *
     * @throws io.hallmark.server.persistence.ConflictException when its namespace already has the serial
     */
    void insert(Device device);

    /**
     * Replaces the mutable fields (state, owner, approval, updated time) of the device, if it is still in state
     * {@code expected}.
     *
     * @return false when the device is not in {@code expected} any more (a concurrent change)
     */
    boolean update(Device device, DeviceState expected);

    /** The device with {@code id}. */
    Optional<Device> findById(String id);

    /** The device with {@code serial} in {@code namespace}. */
    Optional<Device> findBySerial(String namespace, String serial);

    /** Every device with {@code serial}, whatever its namespace: at most 10. */
    List<Device> findAllBySerial(String serial);

    /** The devices with {@code serial} that {@code orgId} may see (as owner or manufacturer), at most a few. */
    List<Device> findVisible(String orgId, String serial);

    /**
     * The devices {@code orgId} owns or manufactured that match {@code filter}, by id (keyset paging: the cursor is
     * the last id of the previous page).
     */
    Page<Device> list(String orgId, DeviceFilter filter, PageRequest page);

    /** Adds an entry to the device's history. */
    void appendEvent(DeviceEvent event);

    /** The device's history, oldest first. */
    List<DeviceEvent> events(String deviceId);

    /** Stores (or replaces) the device's one-time enrollment secret: its SHA-256 and when it expires. */
    void putEnrollmentSecret(String deviceId, byte[] secretHash, Instant expiresAt);

    /** The device's enrollment secret, if one is set. */
    Optional<EnrollmentSecret> findEnrollmentSecret(String deviceId);

    /** Removes the device's enrollment secret; true when there was one. */
    boolean deleteEnrollmentSecret(String deviceId);

    /**
     * A stored one-time enrollment secret.
     *
     * @param hash SHA-256 of the secret
     */
    record EnrollmentSecret(String deviceId, byte[] hash, Instant expiresAt) {}
}
