package io.hallmark.protocol.tuf;

import io.hallmark.core.Checks;

/**
 * The bounds a TUF client keeps to (TUF §5: "endless data" and slow retrieval are answered by limits).
 *
 * @param rootMaxBytes largest root file fetched (tuf-js: 512,000)
 * @param timestampMaxBytes largest timestamp file fetched (tuf-js: 16,384)
 * @param snapshotMaxBytes largest snapshot file fetched when timestamp gives no length (tuf-js: 2,000,000)
 * @param targetsMaxBytes largest targets file fetched when snapshot gives no length (tuf-js: 5,000,000)
 * @param maxRootRotations most new root versions taken in one refresh (TUF §5.3.3; tuf-js: 256)
 * @param maxDelegations most delegated roles visited in one search (TUF §5.6.7; tuf-js: 32)
 */
public record TufLimits(
        int rootMaxBytes,
        int timestampMaxBytes,
        int snapshotMaxBytes,
        int targetsMaxBytes,
        int maxRootRotations,
        int maxDelegations) {

    /** The limits tuf-js uses by default. */
    public static final TufLimits DEFAULT = new TufLimits(512_000, 16_384, 2_000_000, 5_000_000, 256, 32);

    /** Checks that every bound is positive. */
    public TufLimits {
        Checks.positive(rootMaxBytes, "rootMaxBytes");
        Checks.positive(timestampMaxBytes, "timestampMaxBytes");
        Checks.positive(snapshotMaxBytes, "snapshotMaxBytes");
        Checks.positive(targetsMaxBytes, "targetsMaxBytes");
        Checks.positive(maxRootRotations, "maxRootRotations");
        Checks.positive(maxDelegations, "maxDelegations");
    }
}
