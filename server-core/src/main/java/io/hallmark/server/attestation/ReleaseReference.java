package io.hallmark.server.attestation;

import io.hallmark.core.Checks;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A firmware release as the appraisal sees it: its reference measurements and whether it was revoked.
 *
 * @param releaseId {@code rel_...}
 * @param version the release's version
 * @param revoked whether the manufacturer revoked it
 * @param measurements component name to lowercase hex digest, as published with the release
 */
public record ReleaseReference(String releaseId, String version, boolean revoked, Map<String, String> measurements) {
    /** Checks and copies. */
    public ReleaseReference {
        Checks.notBlank(releaseId, "releaseId");
        Checks.notBlank(version, "version");
        measurements = Map.copyOf(measurements);
    }

    /**
     * Where a device's reference values may come from.
     *
     * @param installed the release of the device's newest rollout assignment it reported installed
     * @param versioned the release of the device's product whose version is the evidence's {@code swversion}
     */
    public record Candidates(Optional<ReleaseReference> installed, Optional<ReleaseReference> versioned) {
        /** No release at all. */
        public static final Candidates NONE = new Candidates(Optional.empty(), Optional.empty());
    }

    /**
     * The measurements as reference values: per component, the one digest taken as {@code alg:hex}, the algorithm
     * named by the digest's length (64 hex digits {@code sha-256}, 96 {@code sha-384}, 128 {@code sha-512}; IANA
     * Named Information Hash Algorithm names).
     */
    public Map<String, Set<String>> referenceValues() {
        Map<String, Set<String>> out = new TreeMap<>();
        measurements.forEach((name, hex) -> {
            String alg =
                    switch (hex.length()) {
                        case 64 -> "sha-256";
                        case 96 -> "sha-384";
                        default -> "sha-512";
                    };
            out.computeIfAbsent(name, k -> new TreeSet<>()).add(alg + ":" + hex);
        });
        return out;
    }
}
