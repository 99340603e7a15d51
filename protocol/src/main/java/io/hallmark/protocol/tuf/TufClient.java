package io.hallmark.protocol.tuf;

import io.hallmark.core.Checks;
import io.hallmark.protocol.tuf.Metadata.DelegatedRole;
import io.hallmark.protocol.tuf.Metadata.MetaFile;
import io.hallmark.protocol.tuf.Metadata.TargetFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The TUF client workflow (TUF §5.3–§5.7) over a {@link Fetcher}: refresh the top-level metadata, find a target
 * through the delegations, download it within its length and check its hashes. Every check is made by {@link
 * TrustedMetadata}; this class only decides which file to ask for next.
 *
 * <p>One instance is one update: {@link #refresh} runs once, with the time taken when the instance was made. Persist
 * {@link #trustedRoot()}, {@link #trustedTimestamp()} and {@link #trustedSnapshot()} after it, and hand them to the
 * next instance for its rollback checks.
 */
public final class TufClient {
    /**
     * Gets files of a TUF repository by relative path ({@code 2.root.json}, {@code timestamp.json}, {@code
     * targets/<hash>.<name>}).
     */
    public interface Fetcher {
        /**
         * The file's bytes, or empty when the repository does not have it (HTTP 404).
         *
         * @param maxLength the most bytes the file may have: read at most {@code maxLength + 1} bytes and return them;
         *     the client refuses a longer answer with {@link TufException#SIZE} (TUF "endless data")
         * @throws IOException when the repository cannot be reached or answers with another error
         */
        Optional<byte[]> fetch(String path, long maxLength) throws IOException;
    }

    /**
     * A target found in trusted metadata.
     *
     * @param path the target path
     * @param file its length, hashes and custom metadata
     * @param role the targets role that signed it
     */
    public record Target(String path, TargetFile file, String role) {}

    private final Fetcher metadata;
    private final Fetcher files;
    private final TufLimits limits;
    private final TrustedMetadata trusted;
    private byte[] timestampBytes;
    private byte[] snapshotBytes;
    private final byte[] previousTimestamp;
    private final byte[] previousSnapshot;
    private boolean refreshed;

    /**
     * A client starting from {@code trustedRoot} (shipped with the device, or persisted by the last run).
     *
     * @param previousTimestamp the timestamp file kept by the last run, or null
     * @param previousSnapshot the snapshot file kept by the last run, or null
     */
    public TufClient(
            byte[] trustedRoot,
            byte[] previousTimestamp,
            byte[] previousSnapshot,
            Fetcher metadata,
            Fetcher files,
            Clock clock,
            TufLimits limits) {
        this.metadata = Checks.notNull(metadata, "metadata");
        this.files = Checks.notNull(files, "files");
        this.limits = Checks.notNull(limits, "limits");
        this.trusted = new TrustedMetadata(trustedRoot, clock.instant(), limits);
        this.previousTimestamp = previousTimestamp == null ? null : previousTimestamp.clone();
        this.previousSnapshot = previousSnapshot == null ? null : previousSnapshot.clone();
    }

    /** The trusted metadata, for inspection after {@link #refresh}. */
    public TrustedMetadata trusted() {
        return trusted;
    }

    /** The root file trusted now. */
    public byte[] trustedRoot() {
        return trusted.rootBytes();
    }

    /** The timestamp file trusted now, if any. */
    public Optional<byte[]> trustedTimestamp() {
        return Optional.ofNullable(timestampBytes).map(byte[]::clone);
    }

    /** The snapshot file trusted now, if any. */
    public Optional<byte[]> trustedSnapshot() {
        return Optional.ofNullable(snapshotBytes).map(byte[]::clone);
    }

    /** TUF §5.3–§5.6: root chain, timestamp, snapshot and top-level targets. */
    public void refresh() {
        Checks.checkState(!refreshed, "refresh", "called again", "once per client");
        refreshed = true;
        // §5.3.3–§5.3.9: follow N+1.root.json while the repository has it
        for (int i = 0; ; i++) {
            int next = trusted.root().version() + 1;
            Optional<byte[]> bytes = fetch(metadata, next + ".root.json", limits.rootMaxBytes());
            if (bytes.isEmpty()) {
                break;
            }
            if (i >= limits.maxRootRotations()) {
                throw new TufException(
                        TufException.LIMIT, "root rotations", "more than " + i, "at most " + limits.maxRootRotations());
            }
            trusted.updateRoot(bytes.get());
        }
        trusted.checkRootNotExpired();
        // §5.3.11 is implied: earlier files are verified with the final root's keys, or forgotten
        if (previousTimestamp != null) {
            trusted.rememberTimestamp(previousTimestamp);
        }
        byte[] ts = fetch(metadata, "timestamp.json", limits.timestampMaxBytes())
                .orElseThrow(() -> notFound("timestamp.json"));
        boolean changed = trusted.updateTimestamp(ts);
        timestampBytes = changed || previousTimestamp == null ? ts : previousTimestamp;
        if (previousSnapshot != null) {
            trusted.rememberSnapshot(previousSnapshot);
        }
        MetaFile snap = trusted.timestamp().orElseThrow().snapshot();
        String snapName = (trusted.root().consistentSnapshot() ? snap.version() + "." : "") + "snapshot.json";
        byte[] sb = fetch(metadata, snapName, snap.length().orElse(limits.snapshotMaxBytes()))
                .orElseThrow(() -> notFound(snapName));
        trusted.updateSnapshot(sb);
        snapshotBytes = sb;
        loadTargets("targets", null);
    }

    /**
     * TUF §5.6.7: the target {@code path} as the highest-priority trusted role signs it, searching delegations in
     * pre-order depth-first, honouring terminating delegations, visiting at most {@link
     * TufLimits#maxDelegations()} roles.
     */
    public Optional<Target> findTarget(String path) {
        Checks.checkState(refreshed, "findTarget", "before refresh", "after refresh");
        Deque<String[]> stack = new ArrayDeque<>();
        stack.push(new String[] {"targets", null});
        Set<String> visited = new HashSet<>();
        int visits = 0;
        while (!stack.isEmpty()) {
            String[] top = stack.pop();
            String role = top[0];
            if (!visited.add(role)) {
                continue;
            }
            if (++visits > limits.maxDelegations() + 1) {
                throw new TufException(
                        TufException.LIMIT, "delegations visited", visits, "at most " + limits.maxDelegations());
            }
            if (trusted.targets(role).isEmpty()) {
                loadTargets(role, top[1]);
            }
            Metadata.Targets t = trusted.targets(role).orElseThrow();
            TargetFile f = t.targets().get(path);
            if (f != null) {
                return Optional.of(new Target(path, f, role));
            }
            if (t.delegations().isEmpty()) {
                continue;
            }
            List<DelegatedRole> roles = t.delegations().get().roles();
            Deque<String[]> children = new ArrayDeque<>();
            for (DelegatedRole dr : roles) {
                if (dr.isTrustedFor(path)) {
                    children.add(new String[] {dr.name(), role});
                    if (dr.terminating()) {
                        // §5.6.7.2.1: nothing after a terminating delegation is searched
                        stack.clear();
                        break;
                    }
                }
            }
            // pre-order: the first delegation is searched first
            while (!children.isEmpty()) {
                stack.push(children.pollLast());
            }
        }
        return Optional.empty();
    }

    /**
     * The targets whose path starts with {@code dir + "/"}, each as {@link #findTarget} gives it for its path: for a
     * client that chooses among them (the newest release for its model). Loads only the roles that may hold such
     * paths (a delegation whose path patterns can match {@code dir} in their first segment, or that uses hash
     * prefixes), at most {@link TufLimits#maxDelegations()} of them; then every path found is searched again the way
     * TUF §5.6.7 says, so a role listing a path it is not trusted for, or one behind a terminating delegation, does
     * not count.
     */
    public List<Target> targetsUnder(String dir) {
        Checks.checkState(refreshed, "targetsUnder", "before refresh", "after refresh");
        Checks.check(!dir.isEmpty() && !dir.contains("/"), "dir", dir, "one path segment");
        String prefix = dir + "/";
        Set<String> paths = new java.util.TreeSet<>();
        Deque<String[]> queue = new ArrayDeque<>();
        queue.add(new String[] {"targets", null});
        Set<String> visited = new HashSet<>();
        while (!queue.isEmpty()) {
            String[] next = queue.poll();
            if (!visited.add(next[0])) {
                continue;
            }
            if (visited.size() > limits.maxDelegations() + 1) {
                throw new TufException(
                        TufException.LIMIT,
                        "delegations visited",
                        visited.size(),
                        "at most " + limits.maxDelegations());
            }
            if (trusted.targets(next[0]).isEmpty()) {
                loadTargets(next[0], next[1]);
            }
            Metadata.Targets t = trusted.targets(next[0]).orElseThrow();
            t.targets().keySet().stream().filter(p -> p.startsWith(prefix)).forEach(paths::add);
            t.delegations().ifPresent(d -> d.roles().stream()
                    .filter(r -> mayHoldUnder(r, dir))
                    .forEach(r -> queue.add(new String[] {r.name(), next[0]})));
        }
        List<Target> found = new java.util.ArrayList<>();
        for (String p : paths) {
            findTarget(p).ifPresent(found::add);
        }
        return found;
    }

    private static boolean mayHoldUnder(DelegatedRole role, String dir) {
        if (!role.pathHashPrefixes().isEmpty()) {
            return true;
        }
        return role.paths().stream()
                .anyMatch(p -> p.contains("/") && Metadata.Hashing.globMatches(p.substring(0, p.indexOf('/')), dir));
    }

    /**
     * TUF §5.7: downloads the target (at {@code dir/<sha256>.<name>} under consistent snapshots, as TUF §5.7.3
     * names it), reading no more than its length, and checks its length and hashes.
     */
    public byte[] download(Target target) {
        String name = target.path();
        TargetFile f = target.file();
        if (trusted.root().consistentSnapshot()) {
            int slash = name.lastIndexOf('/');
            String hash =
                    f.sha256().orElseGet(() -> f.hashes().values().iterator().next());
            name = name.substring(0, slash + 1) + hash + "." + name.substring(slash + 1);
        }
        String fetched = name;
        byte[] bytes = fetch(files, name, f.length()).orElseThrow(() -> notFound(fetched));
        if (bytes.length != f.length()) {
            throw new TufException(
                    TufException.HASH, target.path() + " length", bytes.length, "the listed " + f.length());
        }
        TrustedMetadata.checkHashes(bytes, f.hashes(), target.path());
        return bytes;
    }

    private void loadTargets(String role, String parent) {
        MetaFile listed = trusted.snapshot().orElseThrow().meta().get(role + ".json");
        if (listed == null) {
            throw new TufException(TufException.NOT_FOUND, "snapshot meta", role + ".json", "listed");
        }
        String name = (trusted.root().consistentSnapshot() ? listed.version() + "." : "") + role + ".json";
        byte[] bytes = fetch(metadata, name, listed.length().orElse(limits.targetsMaxBytes()))
                .orElseThrow(() -> notFound(name));
        if (parent == null) {
            trusted.updateTargets(bytes);
        } else {
            trusted.updateDelegatedTargets(bytes, role, parent);
        }
    }

    private static Optional<byte[]> fetch(Fetcher f, String path, long max) {
        try {
            Optional<byte[]> bytes = f.fetch(path, max);
            if (bytes.isPresent() && bytes.get().length > max) {
                throw new TufException(TufException.SIZE, path, "more than " + max + " bytes", "at most " + max);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": " + e.getMessage(), e);
        }
    }

    private static TufException notFound(String path) {
        return new TufException(TufException.NOT_FOUND, "file", path, "served by the repository");
    }
}
