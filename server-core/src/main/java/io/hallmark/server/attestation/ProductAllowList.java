package io.hallmark.server.attestation;

import io.hallmark.server.identity.Device;
import io.hallmark.server.persistence.Stores;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reference values from the allow-list the manufacturer set on the device's product. */
final class ProductAllowList implements ReferenceValues {
    @Override
    public Reference forDevice(Stores s, Device device, Optional<String> swversion) {
        if (device.productId().isEmpty()) {
            return Reference.NONE;
        }
        Map<String, Set<String>> values =
                s.attestations().referenceValues(device.productId().get());
        return values.isEmpty() ? Reference.NONE : new Reference(values, "allow-list", Optional.empty());
    }
}
