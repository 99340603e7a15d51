package io.hallmark.server.attestation;

import io.hallmark.server.identity.Device;
import io.hallmark.server.persistence.Transactor;
import java.util.Map;
import java.util.Set;

/**
 * Where the appraisal gets the reference values of a device (RFC 9334 §3.3, reference value provider): per component,
 * the digests taken, each {@code alg:hex}. Now the product's allow-list ({@link #productAllowLists}); the update
 * capability will supply the measurements of the release assigned to the device.
 */
@FunctionalInterface
public interface ReferenceValues {
    /** The reference values for {@code device}; empty when there are none. */
    Map<String, Set<String>> forDevice(Device device);

    /** The reference values the manufacturer set on each device's product (its allow-list). */
    static ReferenceValues productAllowLists(Transactor tx) {
        return new ProductAllowList(tx);
    }
}
