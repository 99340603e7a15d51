package io.hallmark.protocol.tuf;

import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import io.hallmark.protocol.tuf.Metadata.DelegatedRole;
import io.hallmark.protocol.tuf.Metadata.MetaFile;
import io.hallmark.protocol.tuf.Metadata.RoleKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The metadata a TUF client trusts, and the pure checks that let new metadata in (TUF §5.3–§5.6). No I/O: the
 * caller fetches bytes (bounded by {@link TufLimits}) and hands them in; each {@code update*} either takes the new
 * metadata or throws {@link TufException} and keeps what it had.
 *
 * <p>The reference time is fixed when the object is made (TUF §5.3.1: "record the time at which the update began")
 * and every expiry is checked against it.
 */
public final class TrustedMetadata {
    private final Instant referenceTime;
    private final TufLimits limits;
    private Signed<Metadata.Root> root;
    private byte[] rootBytes;
    private Signed<Metadata.Timestamp> timestamp;
    private Signed<Metadata.Snapshot> snapshot;
    private final Map<String, Signed<Metadata.Targets>> targets = new HashMap<>();

    /**
     * Starts from a trusted root (TUF §5.2, §5.3.2): it must be signed by a threshold of its own root keys; it may
     * have expired (a newer root may follow).
     */
    public TrustedMetadata(byte[] trustedRoot, Instant referenceTime, TufLimits limits) {
        this.referenceTime = Checks.notNull(referenceTime, "referenceTime");
        this.limits = Checks.notNull(limits, "limits");
        Signed<Metadata.Root> r = TufCodec.readRoot(trustedRoot, limits.rootMaxBytes());
        TufCodec.checkThreshold(r, r.signed().keys(), r.signed().role("root"), "root");
        this.root = r;
        this.rootBytes = trustedRoot.clone();
    }

    /** The time expiry is checked against. */
    public Instant referenceTime() {
        return referenceTime;
    }

    /** The trusted root. */
    public Metadata.Root root() {
        return root.signed();
    }

    /** The trusted root's file, to persist for the next run. */
    public byte[] rootBytes() {
        return rootBytes.clone();
    }

    /** The trusted timestamp, once one is. */
    public Optional<Metadata.Timestamp> timestamp() {
        return Optional.ofNullable(timestamp).map(Signed::signed);
    }

    /** The trusted snapshot, once one is. */
    public Optional<Metadata.Snapshot> snapshot() {
        return Optional.ofNullable(snapshot).map(Signed::signed);
    }

    /** The trusted targets metadata of {@code role} ({@code targets} or a delegated role), once loaded. */
    public Optional<Metadata.Targets> targets(String role) {
        return Optional.ofNullable(targets.get(role)).map(Signed::signed);
    }

    /**
     * TUF §5.3.4–§5.3.8: takes the next root version: signed by a threshold of the trusted root's root keys and a
     * threshold of its own, with version trusted + 1. Expiry is checked once no newer root is found (§5.3.10,
     * {@link #checkRootNotExpired}). When the timestamp or snapshot keys change, the trusted timestamp and snapshot
     * are dropped (§5.3.11).
     */
    public void updateRoot(byte[] bytes) {
        checkState(timestamp == null, "root after timestamp");
        Signed<Metadata.Root> next = TufCodec.readRoot(bytes, limits.rootMaxBytes());
        Metadata.Root trusted = root.signed();
        TufCodec.checkThreshold(next, trusted.keys(), trusted.role("root"), "root (by the trusted root)");
        TufCodec.checkThreshold(next, next.signed().keys(), next.signed().role("root"), "root (by itself)");
        if (next.signed().version() != trusted.version() + 1) {
            throw new TufException(
                    TufException.ROLLBACK,
                    "root version",
                    next.signed().version(),
                    "the trusted version " + trusted.version() + " + 1");
        }
        root = next;
        rootBytes = bytes.clone();
    }

    /** TUF §5.3.10: the final root must not have expired. */
    public void checkRootNotExpired() {
        checkNotExpired(root.signed());
    }

    /**
     * TUF §5.4: takes a timestamp signed by the root's timestamp keys, not older than the trusted one, announcing a
     * snapshot not older than the trusted timestamp's, and not expired. A timestamp of the trusted version is ignored
     * (§5.4.3.1: keep the trusted one).
     *
     * @return whether the timestamp changed
     */
    public boolean updateTimestamp(byte[] bytes) {
        checkState(targets.isEmpty(), "timestamp after targets");
        checkRootNotExpired();
        Signed<Metadata.Timestamp> next = TufCodec.readTimestamp(bytes, limits.timestampMaxBytes());
        TufCodec.checkThreshold(next, root.signed().keys(), root.signed().role("timestamp"), "timestamp");
        if (timestamp != null) {
            Metadata.Timestamp old = timestamp.signed();
            if (next.signed().version() < old.version()) {
                throw new TufException(
                        TufException.ROLLBACK,
                        "timestamp version",
                        next.signed().version(),
                        ">= trusted " + old.version());
            }
            if (next.signed().snapshot().version() < old.snapshot().version()) {
                throw new TufException(
                        TufException.ROLLBACK,
                        "snapshot version in timestamp",
                        next.signed().snapshot().version(),
                        ">= trusted " + old.snapshot().version());
            }
            if (next.signed().version() == old.version()) {
                checkNotExpired(old);
                return false;
            }
        }
        checkNotExpired(next.signed());
        timestamp = next;
        return true;
    }

    /**
     * TUF §5.5: takes a snapshot of the length and hashes the timestamp gives, signed by the root's snapshot keys,
     * of the version the timestamp announces, keeping every targets file of the trusted snapshot at a version not
     * lower, and not expired.
     */
    public void updateSnapshot(byte[] bytes) {
        checkState(timestamp != null, "snapshot before timestamp");
        checkState(targets.isEmpty(), "snapshot after targets");
        MetaFile announced = timestamp.signed().snapshot();
        checkLengthAndHashes(bytes, announced, "snapshot");
        Signed<Metadata.Snapshot> next = TufCodec.readSnapshot(bytes, limits.snapshotMaxBytes());
        TufCodec.checkThreshold(next, root.signed().keys(), root.signed().role("snapshot"), "snapshot");
        if (next.signed().version() != announced.version()) {
            throw new TufException(
                    TufException.VERSION_MISMATCH,
                    "snapshot version",
                    next.signed().version(),
                    "the timestamp's " + announced.version());
        }
        if (snapshot != null) {
            for (Map.Entry<String, MetaFile> e : snapshot.signed().meta().entrySet()) {
                MetaFile now = next.signed().meta().get(e.getKey());
                if (now == null) {
                    throw new TufException(TufException.ROLLBACK, "snapshot meta", e.getKey(), "still listed");
                }
                if (now.version() < e.getValue().version()) {
                    throw new TufException(
                            TufException.ROLLBACK,
                            e.getKey() + " version",
                            now.version(),
                            ">= trusted " + e.getValue().version());
                }
            }
        }
        checkNotExpired(next.signed());
        snapshot = next;
    }

    /** Keeps a snapshot stored by an earlier run, for the rollback check of §5.5.5 only; ignored when unverifiable. */
    public void rememberSnapshot(byte[] bytes) {
        try {
            Signed<Metadata.Snapshot> old = TufCodec.readSnapshot(bytes, limits.snapshotMaxBytes());
            TufCodec.checkThreshold(old, root.signed().keys(), root.signed().role("snapshot"), "snapshot");
            snapshot = old;
        } catch (TufException e) {
            snapshot = null;
        }
    }

    /** Keeps a timestamp stored by an earlier run, for the rollback checks of §5.4.3 only; ignored if unverifiable. */
    public void rememberTimestamp(byte[] bytes) {
        try {
            Signed<Metadata.Timestamp> old = TufCodec.readTimestamp(bytes, limits.timestampMaxBytes());
            TufCodec.checkThreshold(old, root.signed().keys(), root.signed().role("timestamp"), "timestamp");
            timestamp = old;
        } catch (TufException e) {
            timestamp = null;
        }
    }

    /**
     * TUF §5.6: takes the top-level targets of the length, hashes and version the snapshot gives, signed by the
     * root's targets keys, not expired.
     */
    public void updateTargets(byte[] bytes) {
        checkState(snapshot != null, "targets before snapshot");
        Metadata.Root r = root.signed();
        update(bytes, "targets", r.keys(), r.role("targets"));
    }

    /**
     * TUF §5.6.7.2 with §5.6.1–§5.6.5 for a delegated role: signed by a threshold of the keys its parent (already
     * trusted) delegates to it, with length, hashes and version as the snapshot gives.
     */
    public void updateDelegatedTargets(byte[] bytes, String role, String parent) {
        Signed<Metadata.Targets> p = targets.get(parent);
        checkState(p != null, "delegated targets before its parent " + parent);
        Metadata.Delegations d = p.signed()
                .delegations()
                .orElseThrow(
                        () -> new TufException(TufException.UNKNOWN, "delegated role", role, "delegated by " + parent));
        DelegatedRole dr = d.roles().stream()
                .filter(x -> x.name().equals(role))
                .findFirst()
                .orElseThrow(
                        () -> new TufException(TufException.UNKNOWN, "delegated role", role, "delegated by " + parent));
        update(bytes, role, d.keys(), new RoleKeys(dr.keyIds(), dr.threshold()));
    }

    private void update(byte[] bytes, String role, Map<String, TufKey> keys, RoleKeys roleKeys) {
        MetaFile listed = snapshot.signed().meta().get(role + ".json");
        if (listed == null) {
            throw new TufException(TufException.NOT_FOUND, "snapshot meta", role + ".json", "listed");
        }
        checkLengthAndHashes(bytes, listed, role);
        Signed<Metadata.Targets> next = TufCodec.readTargets(bytes, limits.targetsMaxBytes());
        TufCodec.checkThreshold(next, keys, roleKeys, role);
        if (next.signed().version() != listed.version()) {
            throw new TufException(
                    TufException.VERSION_MISMATCH,
                    role + " version",
                    next.signed().version(),
                    "the snapshot's " + listed.version());
        }
        checkNotExpired(next.signed());
        targets.put(role, next);
    }

    /** TUF §5.5.2, §5.6.2: the length (when given) and every given hash must match. */
    static void checkLengthAndHashes(byte[] bytes, MetaFile listed, String what) {
        if (listed.length().isPresent() && bytes.length != listed.length().getAsLong()) {
            throw new TufException(
                    TufException.HASH,
                    what + " length",
                    bytes.length,
                    "the listed " + listed.length().getAsLong());
        }
        checkHashes(bytes, listed.hashes(), what);
    }

    static void checkHashes(byte[] bytes, Map<String, String> hashes, String what) {
        for (Map.Entry<String, String> h : hashes.entrySet()) {
            String jca = h.getKey().equals("sha512") ? "SHA-512" : "SHA-256";
            byte[] actual;
            try {
                actual = java.security.MessageDigest.getInstance(jca).digest(bytes);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            if (!Hashes.constantTimeEquals(actual, HexFormat.of().parseHex(h.getValue()))) {
                throw new TufException(
                        TufException.HASH, what + " " + h.getKey(), "different", "the digest the metadata gives");
            }
        }
    }

    private void checkNotExpired(Metadata m) {
        if (!m.expires().isAfter(referenceTime)) {
            throw new TufException(TufException.EXPIRED, m.type() + " expires", m.expires(), "after " + referenceTime);
        }
    }

    private static void checkState(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("tuf: " + what + " (expected: the order of TUF §5.3-5.6)");
        }
    }
}
