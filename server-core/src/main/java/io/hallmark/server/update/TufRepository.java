package io.hallmark.server.update;

import io.hallmark.core.Hashes;
import io.hallmark.protocol.tuf.Metadata;
import io.hallmark.protocol.tuf.Metadata.MetaFile;
import io.hallmark.protocol.tuf.Metadata.RoleKeys;
import io.hallmark.protocol.tuf.Metadata.TargetFile;
import io.hallmark.protocol.tuf.Signed;
import io.hallmark.protocol.tuf.TufCodec;
import io.hallmark.protocol.tuf.TufKey;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.persistence.Stores;
import io.hallmark.server.vault.KeyVault;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Signs a manufacturer's TUF repository (TUF §4, consistent snapshots §6.2): the root with the manufacturer's root
 * key, the top-level targets delegating to one role per product ({@link TufDelegations}) that lists its published
 * releases, the snapshot and the timestamp, each top-level role's key in the vault under {@code org.<id>.tuf-<role>}
 * (ECDSA P-256). Runs inside the caller's transaction, after {@link #ensureKeys}.
 */
final class TufRepository {
    /** How long each role's metadata is valid when signed. */
    static final Duration ROOT_LIFE = Duration.ofDays(365);

    static final Duration TARGETS_LIFE = Duration.ofDays(90);
    static final Duration SNAPSHOT_LIFE = Duration.ofDays(30);
    static final Duration TIMESTAMP_LIFE = Duration.ofDays(1);
    /** The most keys one online role may have had. */
    static final int MAX_KEYS_PER_ROLE = 32;

    /**
     * The one target of the top-level targets (TUF §4.5; releases are in the product roles): the manufacturer's IDevID
     * chain (its issuing CA, then its root, PEM), the trust anchor of its devices' birth certificates, so that a TUF
     * client fetches it verified (and a client that does not follow delegations, such as sigstore-java's, has a
     * target to download). A bare name: clients put the hash prefix before the whole path (TUF §5.7.3).
     */
    static final String TRUST_ANCHORS = "idevid-chain.pem";

    private final KeyVault vault;
    private final TufDelegations delegations;
    private final Function<String, Optional<byte[]>> anchors;

    /** {@code anchors}: a manufacturer's IDevID chain (PEM) by organization id, empty for none. */
    TufRepository(KeyVault vault, Function<String, Optional<byte[]>> anchors) {
        this.vault = vault;
        this.delegations = new TufDelegations(vault);
        this.anchors = anchors;
    }

    /** The product roles of the repositories. */
    TufDelegations delegations() {
        return delegations;
    }

    static String alias(String orgId, String role) {
        return "org." + orgId + ".tuf-" + role;
    }

    /**
     * Makes the four role keys of {@code orgId} and the keys of the product roles of {@code productDirs} where missing.
     * Outside any transaction (the vault records it).
     */
    void ensureKeys(String orgId, java.util.Collection<String> productDirs) {
        for (String role : Metadata.Root.ROLES) {
            VaultTufSigner.of(vault, alias(orgId, role));
        }
        delegations.ensureKeys(orgId, productDirs);
    }

    /** The first key made for {@code role} (alias {@code org.<id>.tuf-<role>}). */
    private VaultTufSigner signer(String orgId, String role) {
        return VaultTufSigner.existing(vault, alias(orgId, role));
    }

    /**
     * The vault key that the current root lists for online {@code role}: {@code org.<id>.tuf-<role>}, or one made
     * later by {@link #newOnlineKey} ({@code ...tuf-<role>.2}, {@code .3}, ...) and put into a root since.
     */
    private VaultTufSigner signer(Stores s, TufRepositoryState st, String role) {
        Signed<Metadata.Root> root = TufCodec.readRoot(
                s.tufRepositories()
                        .file(st.orgId(), st.rootVersion() + ".root.json")
                        .orElseThrow(),
                512_000);
        String keyId = root.signed().role(role).keyIds().get(0);
        return findOnlineKey(st.orgId(), role, keyId)
                .orElseThrow(() -> new IllegalStateException(
                        "vault: no " + role + " key " + keyId + " (expected: the key the root lists)"));
    }

    /** The vault key of {@code orgId} for online {@code role} whose key id is {@code keyId}. */
    Optional<VaultTufSigner> findOnlineKey(String orgId, String role, String keyId) {
        for (int n = 1; n <= MAX_KEYS_PER_ROLE; n++) {
            String alias = n == 1 ? alias(orgId, role) : alias(orgId, role) + "." + n;
            if (!vault.contains(alias)) {
                return Optional.empty();
            }
            VaultTufSigner signer = VaultTufSigner.existing(vault, alias);
            if (signer.key().keyId().equals(keyId)) {
                return Optional.of(signer);
            }
        }
        return Optional.empty();
    }

    /** Makes a new vault key for online {@code role}, used once a root lists it. Outside any transaction. */
    TufKey newOnlineKey(String orgId, String role) {
        for (int n = 2; n <= MAX_KEYS_PER_ROLE; n++) {
            String alias = alias(orgId, role) + "." + n;
            if (!vault.contains(alias)) {
                return VaultTufSigner.of(vault, alias).key();
            }
        }
        throw new InvalidRequestException("role " + role + ": " + MAX_KEYS_PER_ROLE + " keys made (expected: fewer)");
    }

    /**
     * The top-level targets' entries: the manufacturer's IDevID chain, its bytes stored as the hash-named target file
     * {@code targets/<sha256>.idevid-chain.pem} (TUF §5.7.3) the first time they are listed.
     */
    private Map<String, TargetFile> topLevelTargets(Stores s, String orgId, Instant now) {
        Optional<byte[]> pem = anchors.apply(orgId);
        if (pem.isEmpty()) {
            return Map.of();
        }
        byte[] bytes = pem.get();
        String sha256 = Hashes.hex(Hashes.sha256(bytes));
        String file = "targets/" + sha256 + "." + TRUST_ANCHORS;
        if (s.tufRepositories().file(orgId, file).isEmpty()) {
            s.tufRepositories().putFile(orgId, file, bytes, now);
        }
        return Map.of(TRUST_ANCHORS, new TargetFile(bytes.length, Map.of("sha256", sha256), Map.of()));
    }

    /** Creates the repository: root 1 and the first targets, snapshot and timestamp. */
    TufRepositoryState create(Stores s, String orgId, List<Release> published, Instant now) {
        Map<String, TufKey> keys = new LinkedHashMap<>();
        Map<String, RoleKeys> roles = new LinkedHashMap<>();
        for (String role : Metadata.Root.ROLES) {
            TufKey k = signer(orgId, role).key();
            keys.put(k.keyId(), k);
            roles.put(role, new RoleKeys(List.of(k.keyId()), 1));
        }
        Instant rootExpires = expiry(now, ROOT_LIFE);
        Metadata.Root root = new Metadata.Root(1, rootExpires, true, keys, roles);
        byte[] rootBytes = TufCodec.write(TufCodec.sign(root, List.of(signer(orgId, "root"))));
        s.tufRepositories().putFile(orgId, "1.root.json", rootBytes, now);
        TufRepositoryState zero = new TufRepositoryState(orgId, 1, 0, 0, 0, rootExpires, now, now, now);
        TufRepositoryState state = sign(s, zero, published, true, now);
        s.tufRepositories().insert(state);
        return state;
    }

    /**
     * Signs what changed: the product roles whose entries changed or are about to expire, and the top-level targets
     * (which delegate to them, TUF §4.6) when {@code targetsChanged} or some targets role is about to expire; the
     * snapshot when a targets file changed or it is about to expire; and always a new timestamp. Releases listed in
     * the top-level targets by an earlier version of the server move into their product's role at the first such
     * signing. Returns the new state ({@code targetsExpires}: the earliest of every targets role); the caller stores
     * it.
     */
    TufRepositoryState sign(
            Stores s, TufRepositoryState st, List<Release> published, boolean targetsChanged, Instant now) {
        String orgId = st.orgId();
        int targetsVersion = st.targetsVersion();
        Instant targetsExpires = st.targetsExpires();
        Map<String, MetaFile> current = st.snapshotVersion() == 0
                ? Map.of()
                : TufCodec.readSnapshot(
                                s.tufRepositories()
                                        .file(orgId, st.snapshotVersion() + ".snapshot.json")
                                        .orElseThrow(),
                                2_000_000)
                        .signed()
                        .meta();
        Map<String, MetaFile> meta = null;
        if (targetsChanged || isDue(st.targetsExpires(), TARGETS_LIFE, now)) {
            TufDelegations.Signed roles = delegations.sign(s, orgId, current, published, now);
            targetsVersion++;
            Instant topExpires = expiry(now, TARGETS_LIFE);
            Metadata.Targets t = new Metadata.Targets(
                    targetsVersion, topExpires, topLevelTargets(s, orgId, now), roles.delegations());
            byte[] targetsBytes = TufCodec.write(TufCodec.sign(t, List.of(signer(s, st, "targets"))));
            s.tufRepositories().putFile(orgId, targetsVersion + ".targets.json", targetsBytes, now);
            meta = new LinkedHashMap<>(roles.meta());
            meta.put("targets.json", MetaFile.of(targetsVersion, targetsBytes));
            targetsExpires = roles.expires().filter(e -> e.isBefore(topExpires)).orElse(topExpires);
        }
        int snapshotVersion = st.snapshotVersion();
        Instant snapshotExpires = st.snapshotExpires();
        byte[] snapshotBytes;
        if (meta != null || isDue(st.snapshotExpires(), SNAPSHOT_LIFE, now)) {
            snapshotVersion++;
            snapshotExpires = expiry(now, SNAPSHOT_LIFE);
            Metadata.Snapshot snap =
                    new Metadata.Snapshot(snapshotVersion, snapshotExpires, meta == null ? current : meta);
            snapshotBytes = TufCodec.write(TufCodec.sign(snap, List.of(signer(s, st, "snapshot"))));
            s.tufRepositories().putFile(orgId, snapshotVersion + ".snapshot.json", snapshotBytes, now);
        } else {
            snapshotBytes = s.tufRepositories()
                    .file(orgId, snapshotVersion + ".snapshot.json")
                    .orElseThrow();
        }
        int timestampVersion = st.timestampVersion() + 1;
        Instant timestampExpires = expiry(now, TIMESTAMP_LIFE);
        Metadata.Timestamp ts =
                new Metadata.Timestamp(timestampVersion, timestampExpires, MetaFile.of(snapshotVersion, snapshotBytes));
        s.tufRepositories()
                .putFile(
                        orgId,
                        "timestamp.json",
                        TufCodec.write(TufCodec.sign(ts, List.of(signer(s, st, "timestamp")))),
                        now);
        return new TufRepositoryState(
                orgId,
                st.rootVersion(),
                targetsVersion,
                snapshotVersion,
                timestampVersion,
                st.rootExpires(),
                targetsExpires,
                snapshotExpires,
                timestampExpires);
    }

    /**
     * Installs root version N+1 made and signed offline (TUF §5.3.4): it must keep the online roles' keys (the server
     * signs with them), be signed by a threshold of its own root keys, and by a threshold of the current root's; when
     * the current root key is the vault's, the server adds that signature. Returns the new state.
     */
    TufRepositoryState rotateRoot(Stores s, TufRepositoryState st, byte[] uploaded, Instant now) {
        String orgId = st.orgId();
        Signed<Metadata.Root> current = TufCodec.readRoot(
                s.tufRepositories().file(orgId, st.rootVersion() + ".root.json").orElseThrow(), 512_000);
        Signed<Metadata.Root> next = TufCodec.readRoot(uploaded, 512_000);
        Metadata.Root c = current.signed();
        Metadata.Root n = next.signed();
        if (n.version() != c.version() + 1) {
            throw new InvalidRequestException(
                    "root version: " + n.version() + " (expected: " + (c.version() + 1) + ")");
        }
        if (!n.expires().isAfter(now.plus(TARGETS_LIFE))) {
            throw new InvalidRequestException(
                    "root expires: " + n.expires() + " (expected: after " + TARGETS_LIFE + " from now)");
        }
        if (!n.consistentSnapshot()) {
            throw new InvalidRequestException("root consistent_snapshot: false (expected: true)");
        }
        for (String role : List.of("targets", "snapshot", "timestamp")) {
            // the server signs the online roles: each must be one of its vault keys for that role
            List<String> ids = n.role(role).keyIds();
            if (ids.size() != 1
                    || n.role(role).threshold() != 1
                    || findOnlineKey(orgId, role, ids.get(0)).isEmpty()
                    || !java.util.Arrays.equals(
                            findOnlineKey(orgId, role, ids.get(0))
                                    .get()
                                    .key()
                                    .publicKey()
                                    .getEncoded(),
                            n.keys().get(ids.get(0)).publicKey().getEncoded())) {
                throw new InvalidRequestException("root role " + role
                        + ": expected one key the server holds for it (the current one, or one made with"
                        + " POST /api/v1/organizations/{org}/tuf/keys)");
            }
        }
        VaultTufSigner vaultRoot = signer(orgId, "root");
        if (c.role("root").keyIds().contains(vaultRoot.key().keyId())) {
            next = TufCodec.addSignatures(next, List.of(vaultRoot));
        }
        TufCodec.checkThreshold(next, c.keys(), c.role("root"), "root (by the current root)");
        TufCodec.checkThreshold(next, n.keys(), n.role("root"), "root (by itself)");
        s.tufRepositories().putFile(orgId, n.version() + ".root.json", TufCodec.write(next), now);
        return new TufRepositoryState(
                orgId,
                n.version(),
                st.targetsVersion(),
                st.snapshotVersion(),
                st.timestampVersion(),
                n.expires(),
                st.targetsExpires(),
                st.snapshotExpires(),
                st.timestampExpires());
    }

    /** Whether metadata of lifetime {@code life} expiring at {@code expires} is in the last quarter of its life. */
    static boolean isDue(Instant expires, Duration life, Instant now) {
        return !now.plus(life.dividedBy(4)).isBefore(expires);
    }

    /** The moment by which a repository's timestamp (the shortest-lived role) must be signed again. */
    static Instant refreshDue(TufRepositoryState st) {
        Instant t = st.timestampExpires().minus(TIMESTAMP_LIFE.dividedBy(4));
        Instant snap = st.snapshotExpires().minus(SNAPSHOT_LIFE.dividedBy(4));
        Instant targ = st.targetsExpires().minus(TARGETS_LIFE.dividedBy(4));
        return t.isBefore(snap) ? (t.isBefore(targ) ? t : targ) : (snap.isBefore(targ) ? snap : targ);
    }

    static Instant expiry(Instant now, Duration life) {
        return now.plus(life).truncatedTo(ChronoUnit.SECONDS);
    }

    /** The targets of the published releases, each with its Hallmark custom metadata. */
    static Map<String, TargetFile> targets(List<Release> published) {
        Map<String, TargetFile> targets = new LinkedHashMap<>();
        for (Release r : published) {
            targets.put(
                    r.targetPath(),
                    new TargetFile(r.imageLength(), Map.of("sha256", r.imageSha256()), Map.of("hallmark", custom(r))));
        }
        return targets;
    }

    /**
     * The custom metadata of a release's target (TUF §4.6 "custom"): what a device needs to decide whether to install
     * it and what to report when it runs it.
     */
    static Map<String, Object> custom(Release r) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("release", r.id());
        c.put("product", r.productId());
        c.put("model", r.productModel());
        c.put("version", r.version());
        c.put("hardware", r.hardware());
        c.put("security", r.security());
        c.put("measurements", new LinkedHashMap<>(r.measurements()));
        r.sbomSha256().ifPresent(h -> c.put("sbom", Map.of("sha256", h)));
        return c;
    }
}
