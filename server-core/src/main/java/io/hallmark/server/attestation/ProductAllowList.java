package io.hallmark.server.attestation;

import io.hallmark.server.identity.Device;
import io.hallmark.server.persistence.Transactor;
import java.util.Map;
import java.util.Set;

/** Reference values from the allow-list the manufacturer set on the device's product. */
final class ProductAllowList implements ReferenceValues {
    private final Transactor tx;

    ProductAllowList(Transactor tx) {
        this.tx = tx;
    }

    @Override
    public Map<String, Set<String>> forDevice(Device device) {
        if (device.productId().isEmpty()) {
            return Map.of();
        }
        return tx.read(s -> s.attestations().referenceValues(device.productId().get()));
    }
}
