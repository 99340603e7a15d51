package io.hallmark.server.attestation;

import io.hallmark.server.identity.Device;
import io.hallmark.server.persistence.Stores;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reference values from releases (the update capability's reference measurements), falling back to the product's
 * allow-list: see {@link ReferenceValues#releasesThenAllowList}. Two queries at most, in the appraisal's read.
 */
final class ReleaseReferences implements ReferenceValues {
    @Override
    public Reference forDevice(Stores s, Device device, Optional<String> swversion) {
        if (device.productId().isEmpty()) {
            return Reference.NONE;
        }
        String product = device.productId().get();
        {
            ReleaseReference.Candidates c = s.attestations().releases(device.id(), product, swversion.orElse(""));
            Optional<ReleaseReference> release = c.installed()
                    .filter(r -> !r.measurements().isEmpty())
                    .or(() -> c.versioned().filter(r -> !r.measurements().isEmpty()));
            if (release.isPresent()) {
                ReleaseReference r = release.get();
                return new Reference(
                        r.referenceValues(),
                        "release " + r.version(),
                        r.revoked()
                                ? Optional.of("release " + r.version() + " (" + r.releaseId() + ") revoked")
                                : Optional.empty());
            }
            Map<String, Set<String>> values = s.attestations().referenceValues(product);
            return values.isEmpty() ? Reference.NONE : new Reference(values, "allow-list", Optional.empty());
        }
    }
}
