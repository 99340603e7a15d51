package io.hallmark.server.identity;

import io.hallmark.core.Checks;
import io.hallmark.protocol.attestation.Tier;
import java.time.Instant;
import java.util.Optional;

/**
 * Which of an organization's devices a listing shows: every condition given must hold. {@link #ANY} has none.
 *
 * <p>The attestation condition is stated in stored terms (a tier and a freshness bound) by the attestation feature,
 * which owns what a live integrity status means (see {@code AttestationQueries.listDevices}).
 *
 * @param state the life-cycle state
 * @param productId the product's id
 * @param firmwareVersion the firmware version the device last reported, exactly
 * @param tag a tag the device carries (name and value equal)
 * @param attested a condition on the latest attestation result recorded for the listing organization
 */
public record DeviceFilter(
        Optional<DeviceState> state,
        Optional<String> productId,
        Optional<String> firmwareVersion,
        Optional<Tag> tag,
        Optional<Attested> attested) {

    /** No condition: every device the organization may see. */
    public static final DeviceFilter ANY =
            new DeviceFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** Checks the fields. */
    public DeviceFilter {
        Checks.notNull(state, "state");
        Checks.notNull(productId, "productId");
        Checks.notNull(firmwareVersion, "firmwareVersion");
        Checks.notNull(tag, "tag");
        Checks.notNull(attested, "attested");
    }

    /** Only devices in {@code state}, when present. */
    public static DeviceFilter of(Optional<DeviceState> state) {
        return ANY.withState(state);
    }

    /** This filter with the state condition {@code state}. */
    public DeviceFilter withState(Optional<DeviceState> state) {
        return new DeviceFilter(state, productId, firmwareVersion, tag, attested);
    }

    /** This filter with the attestation condition {@code attested}. */
    public DeviceFilter withAttested(Optional<Attested> attested) {
        return new DeviceFilter(state, productId, firmwareVersion, tag, attested);
    }

    /** Whether any condition is given. */
    public boolean isAny() {
        return equals(ANY);
    }

    /**
     * A tag condition: the device carries tag {@code name} with {@code value}.
     *
     * @param name the tag's name
     * @param value the tag's value
     */
    public record Tag(String name, String value) {
        /** Checks the fields. */
        public Tag {
            Checks.notBlank(name, "name");
            Checks.notBlank(value, "value");
        }
    }

    /**
     * A condition on the latest attestation result recorded for the listing organization. With a tier: that result
     * has {@code tier} and was appraised at or after {@code freshSince}. Without one: the device has no such fresh
     * result of a tier other than {@link Tier#NONE} (no result, a result of tier none, or one appraised before
     * {@code freshSince}): its integrity is unknown.
     *
     * @param tier the tier wanted, or empty for "unknown"
     * @param freshSince the oldest appraisal time that still counts (now minus the owner's attestation interval)
     */
    public record Attested(Optional<Tier> tier, Instant freshSince) {
        /** Checks the fields. */
        public Attested {
            Checks.notNull(tier, "tier");
            Checks.notNull(freshSince, "freshSince");
            tier.ifPresent(t -> Checks.check(t != Tier.NONE, "tier", t, "affirming, warning or contraindicated"));
        }
    }
}
