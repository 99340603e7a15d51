package io.hallmark.server.attestation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Persistence of attestation results, owners' attestation policies and products' reference values. */
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

    /** The owner's attestation policy, when it set one. */
    Optional<AttestationPolicy> findPolicy(String orgId);

    /** Sets the owner's attestation policy. */
    void putPolicy(String orgId, AttestationPolicy policy);

    /** The product's reference values: per component, the digests taken ({@code alg:hex}); empty when none. */
    Map<String, Set<String>> referenceValues(String productId);

    /** Replaces the product's reference values. */
    void putReferenceValues(String productId, Map<String, Set<String>> values);
}
