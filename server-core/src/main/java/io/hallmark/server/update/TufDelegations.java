package io.hallmark.server.update;

import io.hallmark.core.Hashes;
import io.hallmark.protocol.tuf.Metadata;
import io.hallmark.protocol.tuf.Metadata.DelegatedRole;
import io.hallmark.protocol.tuf.Metadata.MetaFile;
import io.hallmark.protocol.tuf.Metadata.TargetFile;
import io.hallmark.protocol.tuf.TufCodec;
import io.hallmark.protocol.tuf.TufKey;
import io.hallmark.server.persistence.Stores;
import io.hallmark.server.vault.KeyVault;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The delegated targets roles of a manufacturer's repository (TUF §4.6 "delegations", searched as §5.6.7 says): one
 * role per product, named {@code product-<dir>} where {@code <dir>} is the first segment of its releases' target
 * paths (the model, or the product id), trusted for the paths {@code <dir>/*}{@code /*} only and terminating, signed
 * by one online key of its own in the vault (threshold 1; replaced by a rotation) or, once its owner set them, by M of
 * its release managers' offline keys ({@link TufProductRole}). The top-level targets role lists no release.
 *
 * <p>A role once listed in a snapshot stays listed (TUF §5.5.5: a client refuses a snapshot that drops a file it
 * knew), so a product whose releases were all revoked keeps an empty role.
 */
final class TufDelegations {
    /** The prefix of a product role's name. */
    static final String PREFIX = "product-";

    static final int MAX_TARGETS_BYTES = 5_000_000;

    private final KeyVault vault;

    TufDelegations(KeyVault vault) {
        this.vault = vault;
    }

    /**
     * The delegated roles as signed now: their entries of the snapshot's {@code meta}, the delegations the
     * top-level targets carry, and the earliest of their expiries (empty when there is no role).
     */
    record Signed(Map<String, MetaFile> meta, Optional<Metadata.Delegations> delegations, Optional<Instant> expires) {}

    /** The first segment of a release's target path: its product's directory. */
    static String dir(Release r) {
        return r.targetPath().substring(0, r.targetPath().indexOf('/'));
    }

    /** The role of the product whose target paths start with {@code dir/}. */
    static String role(String dir) {
        return PREFIX + dir;
    }

    /**
     * The vault alias of {@code role}'s key: {@code org.<id>.tuf-d.<20 hex digits of SHA-256 of the role name>}, since
     * role names may hold upper case and be longer than an alias may.
     */
    static String alias(String orgId, String role) {
        String h = Hashes.hex(Hashes.sha256(role.getBytes(StandardCharsets.UTF_8)));
        return TufRepository.alias(orgId, "d." + h.substring(0, 20));
    }

    /** Makes the key of the role of each of {@code dirs} where missing. Outside any transaction. */
    void ensureKeys(String orgId, Collection<String> dirs) {
        for (String dir : dirs) {
            VaultTufSigner.of(vault, alias(orgId, role(dir)));
        }
    }

    /** The delegated roles named in a snapshot's {@code meta}. */
    static TreeSet<String> roles(Map<String, MetaFile> meta) {
        TreeSet<String> roles = new TreeSet<>();
        for (String name : meta.keySet()) {
            if (name.startsWith(PREFIX) && name.endsWith(".json")) {
                roles.add(name.substring(0, name.length() - ".json".length()));
            }
        }
        return roles;
    }

    /**
     * The vault alias of generation {@code n} of {@code role}'s online key: {@link #alias(String, String)} for the
     * first, then that alias with {@code .n} (a key rotation).
     */
    static String alias(String orgId, String role, int n) {
        return n == 1 ? alias(orgId, role) : alias(orgId, role) + "." + n;
    }

    /**
     * Makes the next online key of {@code role} in the vault (a rotation): the generation after {@code current}, under
     * a new alias. Outside any transaction; the key signs once the caller stores its generation.
     */
    TufKey newKey(String orgId, String role, int generation) {
        return VaultTufSigner.of(vault, alias(orgId, role, generation)).key();
    }

    /**
     * Signs the role of each product with published releases, and of each role {@code current} (the snapshot's meta)
     * lists, where its entries changed, it is in the last quarter of its life, or its key changed (a rotation); keeps
     * the others as they are. A role signed offline is not signed here: its next version is prepared, unsigned, for
     * its release managers ({@link #prepare}), and the version they completed is listed once complete.
     */
    Signed sign(Stores s, String orgId, Map<String, MetaFile> current, List<Release> published, Instant now) {
        TreeSet<String> roles = roles(current);
        Map<String, Map<String, TargetFile>> entries = new TreeMap<>();
        List<Release> pending = s.releases().pending(orgId);
        for (Release r : published) {
            roles.add(role(dir(r)));
        }
        for (String role : roles) {
            entries.put(role, new LinkedHashMap<>());
        }
        for (Release r : published) {
            entries.get(role(dir(r))).putAll(TufRepository.targets(List.of(r)));
        }
        Map<String, MetaFile> meta = new LinkedHashMap<>();
        Map<String, TufKey> keys = new LinkedHashMap<>();
        List<DelegatedRole> delegated = new ArrayList<>();
        Instant earliest = null;
        for (String role : roles) {
            TufProductRole stored =
                    s.tufRepositories().findRole(orgId, role).orElse(TufProductRole.initial(orgId, role));
            MetaFile listed = current.get(role + ".json");
            List<TufKey> roleKeys;
            int threshold;
            if (stored.signedOffline()) {
                if (listed == null) {
                    throw new IllegalStateException("role " + role + ": signed offline but never listed");
                }
                if (stored.signedVersion() > listed.version()) {
                    // the version the release managers completed (TUF §5.6.7: listed by the snapshot from now on)
                    byte[] done = s.tufRepositories()
                            .file(orgId, stored.signedVersion() + "." + role + ".json")
                            .orElseThrow();
                    listed = MetaFile.of(stored.signedVersion(), done);
                }
                meta.put(role + ".json", listed);
                Map<String, TargetFile> want = new LinkedHashMap<>(entries.get(role));
                for (Release r : pending) {
                    if (role(dir(r)).equals(role)) {
                        want.putAll(TufRepository.targets(List.of(r)));
                    }
                }
                prepare(s, stored, listed, want, now);
                Optional<OfflineKeys> inForce = stored.offlineKeys();
                if (inForce.isPresent()) {
                    roleKeys = List.copyOf(inForce.get().keys().values());
                    threshold = inForce.get().threshold();
                } else {
                    // the owner set offline keys, none of their versions is complete: the vault key still counts
                    roleKeys = List.of(signer(orgId, stored).key());
                    threshold = 1;
                }
            } else {
                VaultTufSigner signer = signer(orgId, stored);
                Map<String, TargetFile> want = entries.get(role);
                Instant expires = null;
                if (listed != null) {
                    io.hallmark.protocol.tuf.Signed<Metadata.Targets> old = TufCodec.readTargets(
                            s.tufRepositories()
                                    .file(orgId, listed.version() + "." + role + ".json")
                                    .orElseThrow(),
                            MAX_TARGETS_BYTES);
                    boolean sameKey = old.signatures().stream()
                            .anyMatch(g -> g.keyId().equals(signer.key().keyId()));
                    if (sameKey
                            && sameEntries(old.signed().targets(), want)
                            && !TufRepository.isDue(old.signed().expires(), TufRepository.TARGETS_LIFE, now)) {
                        meta.put(role + ".json", listed);
                        expires = old.signed().expires();
                    }
                }
                if (expires == null) {
                    // a new version, signed with the key the delegation below names (after a rotation: the new one)
                    int version = listed == null ? 1 : listed.version() + 1;
                    expires = TufRepository.expiry(now, TufRepository.TARGETS_LIFE);
                    byte[] bytes = TufCodec.write(TufCodec.sign(
                            new Metadata.Targets(version, expires, want, Optional.empty()), List.of(signer)));
                    s.tufRepositories().putFile(orgId, version + "." + role + ".json", bytes, now);
                    meta.put(role + ".json", MetaFile.of(version, bytes));
                }
                earliest = earliest == null || expires.isBefore(earliest) ? expires : earliest;
                roleKeys = List.of(signer.key());
                threshold = 1;
            }
            List<String> ids = new ArrayList<>();
            for (TufKey k : roleKeys) {
                keys.put(k.keyId(), k);
                ids.add(k.keyId());
            }
            String dir = role.substring(PREFIX.length());
            // §5.6.7.2.1: terminating, so a miss here ends the search; no other product's role is asked
            delegated.add(new DelegatedRole(role, ids, threshold, true, List.of(dir + "/*/*"), List.of()));
        }
        return new Signed(
                meta,
                delegated.isEmpty() ? Optional.empty() : Optional.of(new Metadata.Delegations(keys, delegated)),
                Optional.ofNullable(earliest));
    }

    /** The online signer of a role: the vault key of its current generation. */
    private VaultTufSigner signer(String orgId, TufProductRole stored) {
        return VaultTufSigner.existing(vault, alias(orgId, stored.role(), stored.vaultKey()));
    }

    /**
     * Keeps the role's pending version ready for its release managers (TUF §4.5 threshold, signed over the canonical
     * JSON of §4.2): none when the listed version already holds {@code want}, is not due and is signed by the keys in
     * force; else the pending version when it holds {@code want}; else a new unsigned version {@code listed + 1}
     * (signatures collected for an older one are dropped: they covered other bytes).
     */
    private static void prepare(
            Stores s, TufProductRole stored, MetaFile listed, Map<String, TargetFile> want, Instant now) {
        String orgId = stored.orgId();
        String role = stored.role();
        Metadata.Targets old = TufCodec.readTargets(
                        s.tufRepositories()
                                .file(orgId, listed.version() + "." + role + ".json")
                                .orElseThrow(),
                        MAX_TARGETS_BYTES)
                .signed();
        boolean keysInForce = stored.next().isEmpty() && stored.signedVersion() == listed.version();
        if (keysInForce
                && sameEntries(old.targets(), want)
                && !TufRepository.isDue(old.expires(), TufRepository.TARGETS_LIFE, now)) {
            if (stored.pending().isPresent()) {
                s.tufRepositories().putRole(stored.withPending(Optional.empty()));
            }
            return;
        }
        if (stored.pending().isPresent()) {
            Metadata.Targets p = TufCodec.readTargets(stored.pending().get(), MAX_TARGETS_BYTES)
                    .signed();
            if (p.version() == listed.version() + 1 && sameEntries(p.targets(), want)) {
                return;
            }
        }
        Metadata.Targets next = new Metadata.Targets(
                listed.version() + 1, TufRepository.expiry(now, TufRepository.TARGETS_LIFE), want, Optional.empty());
        byte[] unsigned = TufCodec.write(TufCodec.sign(next, List.of()));
        s.tufRepositories().putRole(stored.withPending(Optional.of(unsigned)));
    }

    /** Whether two targets maps list the same paths with the same SHA-256 (releases are immutable). */
    private static boolean sameEntries(Map<String, TargetFile> a, Map<String, TargetFile> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, TargetFile> e : a.entrySet()) {
            if (!e.getValue().sha256().equals(b.get(e.getKey()).sha256())) {
                return false;
            }
        }
        return true;
    }
}
