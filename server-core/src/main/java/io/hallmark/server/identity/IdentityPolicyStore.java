package io.hallmark.server.identity;

import java.util.Optional;

/** Persistence of each owner's identity policy. */
public interface IdentityPolicyStore {
    /** The owner's activation policy, when it set one. */
    Optional<ActivationPolicy> findActivation(String orgId);

    /** Sets the owner's activation policy. */
    void putActivation(String orgId, ActivationPolicy policy);

    /** Whether the owner quarantines a device automatically on a behaviour violation, when it said so. */
    Optional<Boolean> findQuarantineOnViolation(String orgId);

    /** Sets whether the owner quarantines a device automatically on a behaviour violation. */
    void putQuarantineOnViolation(String orgId, boolean quarantine);
}
