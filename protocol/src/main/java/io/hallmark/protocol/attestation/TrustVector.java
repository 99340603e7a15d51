package io.hallmark.protocol.attestation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AR4SI trustworthiness vector (draft-ietf-rats-ar4si §2.3, draft-ietf-rats-ear-03 §3.1 {@code
 * ear_trustworthiness_vector}): one claim value in -128..127 per category, 0 meaning "no claim".
 *
 * <p>Values used here: instance-identity 2 (recognized, not compromised); hardware 2 (genuine: the certificate chains
 * to its CA), 97 (not recognized: another product); executables 3 (only approved executables booted), 32 (unsafe:
 * not an OEM-authorized boot), 33 (not recognized: no reference value), 96 (contraindicated: a digest differs from
 * every reference value); configuration 2 (approved), 32 (unsafe: debug enabled in production). The other four
 * categories make no claim (0).
 */
public record TrustVector(
        int instanceIdentity,
        int configuration,
        int executables,
        int fileSystem,
        int hardware,
        int runtimeOpaque,
        int storageOpaque,
        int sourcedData) {

    /** The JSON member names, in draft order. */
    static final String[] NAMES = {
        "instance-identity",
        "configuration",
        "executables",
        "file-system",
        "hardware",
        "runtime-opaque",
        "storage-opaque",
        "sourced-data"
    };

    /** Checks every value is in -128..127. */
    public TrustVector {
        for (int v : new int[] {
            instanceIdentity,
            configuration,
            executables,
            fileSystem,
            hardware,
            runtimeOpaque,
            storageOpaque,
            sourcedData
        }) {
            if (v < -128 || v > 127) {
                throw new IllegalArgumentException("trustworthiness claim: " + v + " (expected: -128..127)");
            }
        }
    }

    /** The values in draft order. */
    int[] values() {
        return new int[] {
            instanceIdentity,
            configuration,
            executables,
            fileSystem,
            hardware,
            runtimeOpaque,
            storageOpaque,
            sourcedData
        };
    }

    /** The worst tier across the vector. */
    public Tier worst() {
        Tier worst = Tier.NONE;
        for (int v : values()) {
            Tier t = Tier.of(v);
            if (t.compareTo(worst) > 0) {
                worst = t;
            }
        }
        return worst;
    }

    /** The claims that say something (non-zero), by JSON name; {@code instance-identity} always (non-empty map). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        int[] v = values();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0 || i == 0) {
                m.put(NAMES[i], v[i]);
            }
        }
        return m;
    }

    /** The vector of a JSON map as {@link #toJson} writes it; absent categories are 0. */
    static TrustVector fromJson(Map<?, ?> m) {
        int[] v = new int[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            Object o = m.get(NAMES[i]);
            v[i] = o == null ? 0 : ((Number) o).intValue();
        }
        return new TrustVector(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }
}
