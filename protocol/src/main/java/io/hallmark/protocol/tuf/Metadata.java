package io.hallmark.protocol.tuf;

import io.hallmark.core.Checks;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The {@code signed} part of the four top-level TUF roles' metadata and of delegated targets (TUF §4.3–§4.6).
 *
 * <p>Values are immutable; {@link TufCodec} reads them strictly from bytes and signs and writes them.
 */
public sealed interface Metadata permits Metadata.Root, Metadata.Targets, Metadata.Snapshot, Metadata.Timestamp {
    /** The specification version written into metadata; readers accept any 1.x. */
    String SPEC_VERSION = "1.0.31";

    /** The value of {@code _type}: {@code root}, {@code targets}, {@code snapshot} or {@code timestamp}. */
    String type();

    /** The version, from 1 up. */
    int version();

    /** When the metadata stops being trusted. */
    Instant expires();

    /** The JSON tree of this {@code signed} object. */
    Map<String, Object> toJson();

    private static Map<String, Object> common(Metadata m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_type", m.type());
        json.put("spec_version", SPEC_VERSION);
        json.put("version", (long) m.version());
        json.put("expires", m.expires().truncatedTo(ChronoUnit.SECONDS).toString());
        return json;
    }

    /**
     * The keys and threshold of a role (TUF §4.3 {@code roles}).
     *
     * @param keyIds the ids of the keys that may sign for the role, distinct
     * @param threshold how many distinct keys must sign, at least 1
     */
    record RoleKeys(List<String> keyIds, int threshold) {
        /** Checks the values. */
        public RoleKeys {
            keyIds = List.copyOf(keyIds);
            Checks.inRange(threshold, 1, Math.max(1, keyIds.size()), "threshold");
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("keyids", keyIds);
            json.put("threshold", (long) threshold);
            return json;
        }
    }

    /**
     * Root metadata (TUF §4.3): the keys and thresholds of the top-level roles.
     *
     * @param version the version
     * @param expires the expiry
     * @param consistentSnapshot whether files are published under versioned and hashed names
     * @param keys the keys by id
     * @param roles exactly {@code root}, {@code targets}, {@code snapshot} and {@code timestamp}
     */
    record Root(
            int version,
            Instant expires,
            boolean consistentSnapshot,
            Map<String, TufKey> keys,
            Map<String, RoleKeys> roles)
            implements Metadata {
        /** The names of the top-level roles. */
        public static final List<String> ROLES = List.of("root", "targets", "snapshot", "timestamp");

        /** Copies the maps. */
        public Root {
            keys = Map.copyOf(keys);
            roles = Map.copyOf(roles);
            Checks.check(roles.keySet().equals(java.util.Set.copyOf(ROLES)), "roles", roles.keySet(), ROLES.toString());
        }

        @Override
        public String type() {
            return "root";
        }

        /** The keys of {@code role}. */
        public RoleKeys role(String role) {
            return roles.get(role);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> json = common(this);
            json.put("consistent_snapshot", consistentSnapshot);
            Map<String, Object> k = new TreeMap<>();
            keys.forEach((id, key) -> k.put(id, key.toJson()));
            json.put("keys", k);
            Map<String, Object> r = new TreeMap<>();
            roles.forEach((name, role) -> r.put(name, role.toJson()));
            json.put("roles", r);
            return json;
        }
    }

    /**
     * What snapshot says of a targets file, or timestamp of the snapshot (TUF §4.4 METAFILES).
     *
     * @param version the version of that file
     * @param length its length in bytes, when given
     * @param hashes its hashes by algorithm ({@code sha256}, {@code sha512}), lowercase hex; may be empty
     */
    record MetaFile(int version, OptionalLong length, Map<String, String> hashes) {
        /** Copies the map. */
        public MetaFile {
            hashes = Map.copyOf(hashes);
        }

        /** The entry for {@code bytes} of metadata of {@code version}, with its length and SHA-256. */
        public static MetaFile of(int version, byte[] bytes) {
            return new MetaFile(version, OptionalLong.of(bytes.length), Map.of("sha256", Hashing.sha256Hex(bytes)));
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("version", (long) version);
            length.ifPresent(l -> json.put("length", l));
            if (!hashes.isEmpty()) {
                json.put("hashes", new TreeMap<>(hashes));
            }
            return json;
        }
    }

    /**
     * Snapshot metadata (TUF §4.4): the versions of every targets metadata file.
     *
     * @param version the version
     * @param expires the expiry
     * @param meta entries by file name ({@code targets.json}, {@code <delegated role>.json})
     */
    record Snapshot(int version, Instant expires, Map<String, MetaFile> meta) implements Metadata {
        /** Copies the map. */
        public Snapshot {
            meta = Map.copyOf(meta);
        }

        @Override
        public String type() {
            return "snapshot";
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> json = common(this);
            Map<String, Object> m = new TreeMap<>();
            meta.forEach((name, f) -> m.put(name, f.toJson()));
            json.put("meta", m);
            return json;
        }
    }

    /**
     * Timestamp metadata (TUF §4.5): the version (and length, hashes) of the current snapshot.
     *
     * @param version the version
     * @param expires the expiry, short
     * @param snapshot the entry of {@code snapshot.json}
     */
    record Timestamp(int version, Instant expires, MetaFile snapshot) implements Metadata {
        @Override
        public String type() {
            return "timestamp";
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> json = common(this);
            json.put("meta", Map.of("snapshot.json", snapshot.toJson()));
            return json;
        }
    }

    /**
     * A target file (TUF §4.6 TARGETS entry).
     *
     * @param length its length in bytes
     * @param hashes its hashes by algorithm, at least one of {@code sha256}, {@code sha512}, lowercase hex
     * @param custom the custom metadata, a JSON object tree (empty: none written)
     */
    record TargetFile(long length, Map<String, String> hashes, Map<String, Object> custom) {
        /** Copies the maps. */
        public TargetFile {
            Checks.check(length >= 0, "length", length, ">= 0");
            hashes = Map.copyOf(hashes);
            Checks.notEmpty(hashes.keySet(), "hashes");
            custom = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(custom));
        }

        /** The SHA-256 in hex; present in every target Hallmark writes. */
        public Optional<String> sha256() {
            return Optional.ofNullable(hashes.get("sha256"));
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("length", length);
            json.put("hashes", new TreeMap<>(hashes));
            if (!custom.isEmpty()) {
                json.put("custom", custom);
            }
            return json;
        }
    }

    /**
     * A delegation to another targets role (TUF §4.6 DELEGATIONS roles entry).
     *
     * @param name the role name, also its file name {@code <name>.json}
     * @param keyIds the keys that may sign it
     * @param threshold how many must
     * @param terminating whether a miss in this role ends the search (TUF §5.6.7.2.1)
     * @param paths the path patterns it is trusted for (empty when {@code pathHashPrefixes} is used)
     * @param pathHashPrefixes the prefixes of the SHA-256 of target paths it is trusted for
     */
    record DelegatedRole(
            String name,
            List<String> keyIds,
            int threshold,
            boolean terminating,
            List<String> paths,
            List<String> pathHashPrefixes) {
        /** Copies the lists. */
        public DelegatedRole {
            Checks.notBlank(name, "name");
            keyIds = List.copyOf(keyIds);
            paths = List.copyOf(paths);
            pathHashPrefixes = List.copyOf(pathHashPrefixes);
            Checks.inRange(threshold, 1, Math.max(1, keyIds.size()), "threshold");
        }

        /**
         * Whether this role is trusted for {@code targetPath} (TUF §4.6): a pattern matches when it has as many
         * {@code /}-separated segments as the path and each segment matches, {@code *} standing for any characters
         * and {@code ?} for one; or the SHA-256 of the path starts with one of the prefixes.
         */
        public boolean isTrustedFor(String targetPath) {
            if (!pathHashPrefixes.isEmpty()) {
                String hash = Hashing.sha256Hex(targetPath.getBytes(StandardCharsets.UTF_8));
                return pathHashPrefixes.stream().anyMatch(hash::startsWith);
            }
            String[] target = targetPath.split("/", -1);
            for (String pattern : paths) {
                String[] parts = pattern.split("/", -1);
                if (parts.length != target.length) {
                    continue;
                }
                boolean all = true;
                for (int i = 0; i < parts.length && all; i++) {
                    all = Hashing.globMatches(parts[i], target[i]);
                }
                if (all) {
                    return true;
                }
            }
            return false;
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            json.put("keyids", keyIds);
            json.put("threshold", (long) threshold);
            json.put("terminating", terminating);
            if (pathHashPrefixes.isEmpty()) {
                json.put("paths", paths);
            } else {
                json.put("path_hash_prefixes", pathHashPrefixes);
            }
            return json;
        }
    }

    /**
     * The delegations of a targets role (TUF §4.6 DELEGATIONS).
     *
     * @param keys the keys of the delegated roles, by id
     * @param roles the delegated roles in order of priority
     */
    record Delegations(Map<String, TufKey> keys, List<DelegatedRole> roles) {
        /** Copies the values. */
        public Delegations {
            keys = Map.copyOf(keys);
            roles = List.copyOf(roles);
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            Map<String, Object> k = new TreeMap<>();
            keys.forEach((id, key) -> k.put(id, key.toJson()));
            json.put("keys", k);
            json.put("roles", roles.stream().map(DelegatedRole::toJson).toList());
            return json;
        }
    }

    /**
     * Targets metadata (TUF §4.6), top-level or delegated.
     *
     * @param version the version
     * @param expires the expiry
     * @param targets the target files by path
     * @param delegations the delegations, if any
     */
    record Targets(int version, Instant expires, Map<String, TargetFile> targets, Optional<Delegations> delegations)
            implements Metadata {
        /** Copies the map. */
        public Targets {
            targets = Map.copyOf(targets);
        }

        @Override
        public String type() {
            return "targets";
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> json = common(this);
            Map<String, Object> t = new TreeMap<>();
            targets.forEach((path, f) -> t.put(path, f.toJson()));
            json.put("targets", t);
            delegations.ifPresent(d -> json.put("delegations", d.toJson()));
            return json;
        }
    }

    /** Hex SHA-256 and TUF's path patterns. */
    final class Hashing {
        private Hashing() {}

        static String sha256Hex(byte[] bytes) {
            return HexFormat.of().formatHex(io.hallmark.core.Hashes.sha256(bytes));
        }

        static boolean globMatches(String pattern, String text) {
            return glob(pattern, 0, text, 0);
        }

        private static boolean glob(String p, int i, String t, int j) {
            while (i < p.length()) {
                char c = p.charAt(i);
                if (c == '*') {
                    while (i + 1 < p.length() && p.charAt(i + 1) == '*') {
                        i++; // "**" is "*": keeps the search linear in the number of stars
                    }
                    for (int k = j; k <= t.length(); k++) {
                        if (glob(p, i + 1, t, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                if (j >= t.length() || (c != '?' && c != t.charAt(j))) {
                    return false;
                }
                i++;
                j++;
            }
            return j == t.length();
        }
    }
}
