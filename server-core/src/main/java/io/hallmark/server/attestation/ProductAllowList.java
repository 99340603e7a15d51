package io.hallmark.server.attestation;

import io.hallmark.server.identity.Device;
import io.hallmark.server.persistence.Transactor;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reference values from the allow-list the manufacturer set on the device's product. */
final class ProductAllowList implements ReferenceValues {
    private final Transactor tx;

    ProductAllowList(Transactor tx) {
        this.tx = tx;
    }

    @Override
    public Reference forDevice(Device device, Optional<String> swversion) {
        if (device.productId().isEmpty()) {
            return Reference.NONE;
        }
        Map<String, Set<String>> values =
                tx.read(s -> s.attestations().referenceValues(device.productId().get()));
        return values.isEmpty() ? Reference.NONE : new Reference(values, "allow-list", Optional.empty());
    }
}
