package io.hallmark.server.attestation;

import io.hallmark.core.Checks;
import io.hallmark.server.identity.Device;
import io.hallmark.server.persistence.Stores;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the appraisal gets the reference values of a device (RFC 9334 §3.3, reference value provider): per component,
 * the digests taken, each {@code alg:hex}. {@link #releasesThenAllowList} takes them from the release the device
 * should run, else from its product's allow-list; {@link #productAllowLists} from the allow-list only.
 */
@FunctionalInterface
public interface ReferenceValues {
    /**
     * The reference values for {@code device}, whose evidence names {@code swversion}, read through {@code s} (the
     * appraisal's read transaction); empty values when there are none.
     */
    Reference forDevice(Stores s, Device device, Optional<String> swversion);

    /**
     * A device's reference values and where they came from.
     *
     * @param values per component, the digests taken ({@code alg:hex})
     * @param source {@code release <version>}, {@code allow-list} or {@code none}
     * @param revoked when the values are those of a revoked release: that release, described
     */
    record Reference(Map<String, Set<String>> values, String source, Optional<String> revoked) {
        /** No reference values. */
        public static final Reference NONE = new Reference(Map.of(), "none", Optional.empty());

        /** Checks and copies. */
        public Reference {
            values = Map.copyOf(values);
            Checks.notBlank(source, "source");
            Checks.notNull(revoked, "revoked");
        }
    }

    /** The reference values the manufacturer set on each device's product (its allow-list). */
    static ReferenceValues productAllowLists() {
        return new ProductAllowList();
    }

    /**
     * The measurements of the release assigned to the device by a rollout it reported installed; else of the release of
     * its product whose version is the evidence's {@code swversion}; else the product's allow-list. A release without
     * measurements is passed over; a revoked release's measurements come with {@link Reference#revoked}.
     */
    static ReferenceValues releasesThenAllowList() {
        return new ReleaseReferences();
    }
}
