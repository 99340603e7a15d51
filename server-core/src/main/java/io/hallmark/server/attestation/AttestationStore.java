package io.hallmark.server.attestation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Persistence of attestation results, owners' attestation policies, products' reference values and devices' and
 * products' production flags; reads the reference measurements of releases (read-only).
 */
public interface AttestationStore {
    /** Stores a result and makes it the device's latest. */
    void insert(AttestationRecord record);

    /** The device's latest result. */
    Optional<AttestationRecord> findLatest(String deviceId);

    /** The device's results, newest first, at most {@code limit}. */
    List<AttestationRecord> history(String deviceId, int limit);

    /** The latest result of each device whose latest result was recorded for owner {@code orgId}. */
    List<AttestationRecord> latestOf(String orgId);

    /** The latest result of each of {@code deviceIds} (at most 500) that has one, in no order. */
    List<AttestationRecord> latestFor(Collection<String> deviceIds);

    /** The latest result of each device of product {@code productId} that has one (whoever owns it). */
    List<AttestationRecord> latestOfProduct(String productId);

    /** The owner's attestation policy, when it set one. */
    Optional<AttestationPolicy> findPolicy(String orgId);

    /** Sets the owner's attestation policy. */
    void putPolicy(String orgId, AttestationPolicy policy);

    /** The product's reference values: per component, the digests taken ({@code alg:hex}); empty when none. */
    Map<String, Set<String>> referenceValues(String productId);

    /** Replaces the product's reference values. */
    void putReferenceValues(String productId, Map<String, Set<String>> values);

    /**
     * The release the device's newest rollout assignment installed (the device reported it installed), if any, and the
     * release of product {@code productId} whose version is {@code version} (published or revoked), if any.
     */
    ReleaseReference.Candidates releases(String deviceId, String productId, String version);

    /**
     * Whether {@code id} is in production (the default) rather than marked as development: for a device ({@code
     * dev_...}), unless it or its product is marked; for a product ({@code prd_...}), unless it is.
     */
    boolean production(String id);

    /** Marks the device ({@code dev_...}) or the product ({@code prd_...}) {@code id} as in production or development. */
    void setProduction(String id, boolean production);
}
