package io.hallmark.server.identity;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A device as the platform knows it.
 *
 * @param id {@code dev_...}
 * @param serial the serial number in its certificates' subject; unique within its namespace
 * @param namespace the organization whose serial numbers this one is unique among: the manufacturer, or for a device
 *     added by an owner without a birth certificate, that owner
 * @param manufacturerId the manufacturer, when the device has a birth certificate made here
 * @param productId the product, when known
 * @param ownerId the current owner, if any
 * @param state where the device is in its life
 * @param approved whether the owner approved its activation (activation policy {@code approval})
 * @param enrollmentRequestedAt when the device first asked to enroll while waiting for approval
 */
public record Device(
        String id,
        String serial,
        String namespace,
        Optional<String> manufacturerId,
        Optional<String> productId,
        Optional<String> ownerId,
        DeviceState state,
        boolean approved,
        Optional<Instant> enrollmentRequestedAt,
        Instant createdAt,
        Instant updatedAt) {
    /** Checks the fields. */
    public Device {
        Checks.notBlank(id, "id");
        Checks.notBlank(serial, "serial");
        Checks.notBlank(namespace, "namespace");
        Checks.notNull(manufacturerId, "manufacturerId");
        Checks.notNull(productId, "productId");
        Checks.notNull(ownerId, "ownerId");
        Checks.notNull(state, "state");
        Checks.notNull(enrollmentRequestedAt, "enrollmentRequestedAt");
        Checks.notNull(createdAt, "createdAt");
        Checks.notNull(updatedAt, "updatedAt");
    }

    /** The organization that decides about the device: its owner, else its manufacturer. */
    public String controller() {
        return ownerId.orElse(namespace);
    }

    /** Whether members of {@code orgId} may see the device: its owner and its manufacturer. */
    public boolean isVisibleTo(String orgId) {
        return ownerId.filter(orgId::equals).isPresent()
                || manufacturerId.filter(orgId::equals).isPresent()
                || namespace.equals(orgId);
    }

    /** This device in state {@code next}, as of {@code at}. */
    public Device withState(DeviceState next, Instant at) {
        return new Device(
                id,
                serial,
                namespace,
                manufacturerId,
                productId,
                ownerId,
                next,
                approved,
                enrollmentRequestedAt,
                createdAt,
                at);
    }

    /** This device owned by {@code owner} (or by nobody), as of {@code at}, with approval reset. */
    public Device withOwner(Optional<String> owner, Instant at) {
        return new Device(
                id, serial, namespace, manufacturerId, productId, owner, state, false, Optional.empty(), createdAt, at);
    }

    /** This device with its approval and pending request as given. */
    public Device withApproval(boolean approvedNow, Optional<Instant> requestedAt, Instant at) {
        return new Device(
                id,
                serial,
                namespace,
                manufacturerId,
                productId,
                ownerId,
                state,
                approvedNow,
                requestedAt,
                createdAt,
                at);
    }
}
