package io.hallmark.protocol.tuf;

import io.hallmark.protocol.tuf.Metadata.DelegatedRole;
import io.hallmark.protocol.tuf.Metadata.Delegations;
import io.hallmark.protocol.tuf.Metadata.MetaFile;
import io.hallmark.protocol.tuf.Metadata.RoleKeys;
import io.hallmark.protocol.tuf.Metadata.TargetFile;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Turns the {@code signed} tree of each role into its record, refusing what TUF does not define (TUF §4). */
final class MetadataReader {
    private MetadataReader() {}

    /** Longest target path or role name read. */
    static final int MAX_NAME = 1024;

    static Metadata read(Map<String, Object> signed, String expectedType) {
        String type = Tree.string(signed, "_type", "signed");
        if (!type.equals(expectedType)) {
            throw new TufException(TufException.UNKNOWN, "signed._type", Tree.shorten(type), expectedType);
        }
        String spec = Tree.string(signed, "spec_version", "signed");
        if (!spec.matches("1\\.\\d{1,4}(\\.\\d{1,4})?")) {
            throw new TufException(TufException.INVALID, "signed.spec_version", Tree.shorten(spec), "1.x");
        }
        int version = (int) Math.min(Tree.integer(signed, "version", "signed", 1), Integer.MAX_VALUE);
        if (Tree.integer(signed, "version", "signed", 1) > Integer.MAX_VALUE) {
            throw new TufException(TufException.INVALID, "signed.version", "too large", "at most 2^31 - 1");
        }
        Instant expires = Tree.expires(signed, "signed");
        return switch (type) {
            case "root" -> root(signed, version, expires);
            case "targets" -> targets(signed, version, expires);
            case "snapshot" -> snapshot(signed, version, expires);
            case "timestamp" -> timestamp(signed, version, expires);
            default -> throw new TufException(TufException.UNKNOWN, "signed._type", type, "a TUF role");
        };
    }

    private static Metadata.Root root(Map<String, Object> s, int version, Instant expires) {
        Tree.allowOnly(
                s, "signed", "_type", "spec_version", "version", "expires", "consistent_snapshot", "keys", "roles");
        boolean consistent = Tree.bool(s, "consistent_snapshot", "signed");
        Map<String, TufKey> keys = keys(Tree.required(s, "keys", "signed"), "signed.keys");
        Map<String, Object> rolesJson = Tree.object(Tree.required(s, "roles", "signed"), "signed.roles");
        Map<String, RoleKeys> roles = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : rolesJson.entrySet()) {
            String path = "signed.roles." + e.getKey();
            if (!Metadata.Root.ROLES.contains(e.getKey())) {
                throw new TufException(
                        TufException.UNKNOWN,
                        "signed.roles",
                        Tree.shorten(e.getKey()),
                        "one of " + Metadata.Root.ROLES);
            }
            Map<String, Object> r = Tree.object(e.getValue(), path);
            Tree.allowOnly(r, path, "keyids", "threshold");
            roles.put(e.getKey(), roleKeys(r, path, keys));
        }
        for (String role : Metadata.Root.ROLES) {
            if (!roles.containsKey(role)) {
                throw new TufException(TufException.MISSING, "signed.roles", role, "all four top-level roles");
            }
        }
        return new Metadata.Root(version, expires, consistent, keys, roles);
    }

    private static RoleKeys roleKeys(Map<String, Object> r, String path, Map<String, TufKey> keys) {
        List<String> ids = Tree.strings(r, "keyids", path, true);
        for (String id : ids) {
            if (!keys.containsKey(id)) {
                throw new TufException(TufException.MISSING, path + ".keyids", Tree.shorten(id), "a listed key");
            }
        }
        long threshold = Tree.integer(r, "threshold", path, 1);
        if (threshold > ids.size()) {
            throw new TufException(TufException.INVALID, path + ".threshold", threshold, "<= " + ids.size());
        }
        return new RoleKeys(ids, (int) threshold);
    }

    private static Map<String, TufKey> keys(Object json, String path) {
        Map<String, TufKey> keys = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : Tree.object(json, path).entrySet()) {
            TufKey k = TufKey.read(e.getKey(), e.getValue(), path + "." + Tree.shorten(e.getKey()));
            for (TufKey other : keys.values()) {
                // one key listed under two ids would count twice towards a threshold
                if (other.sameKeyAs(k)) {
                    throw new TufException(TufException.DUPLICATE, path, Tree.shorten(e.getKey()), "distinct keys");
                }
            }
            keys.put(e.getKey(), k);
        }
        return keys;
    }

    private static Metadata.Snapshot snapshot(Map<String, Object> s, int version, Instant expires) {
        Tree.allowOnly(s, "signed", "_type", "spec_version", "version", "expires", "meta");
        Map<String, MetaFile> meta = new LinkedHashMap<>();
        Map<String, Object> m = Tree.object(Tree.required(s, "meta", "signed"), "signed.meta");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            checkName(e.getKey(), "signed.meta");
            if (!e.getKey().endsWith(".json")) {
                throw new TufException(TufException.INVALID, "signed.meta", Tree.shorten(e.getKey()), "ROLE.json");
            }
            meta.put(e.getKey(), metaFile(e.getValue(), "signed.meta." + e.getKey()));
        }
        if (!meta.containsKey("targets.json")) {
            throw new TufException(TufException.MISSING, "signed.meta", "targets.json", "present");
        }
        return new Metadata.Snapshot(version, expires, meta);
    }

    private static Metadata.Timestamp timestamp(Map<String, Object> s, int version, Instant expires) {
        Tree.allowOnly(s, "signed", "_type", "spec_version", "version", "expires", "meta");
        Map<String, Object> m = Tree.object(Tree.required(s, "meta", "signed"), "signed.meta");
        Tree.allowOnly(m, "signed.meta", "snapshot.json");
        return new Metadata.Timestamp(
                version, expires, metaFile(Tree.required(m, "snapshot.json", "signed.meta"), "signed.meta.snapshot"));
    }

    private static MetaFile metaFile(Object json, String path) {
        Map<String, Object> m = Tree.object(json, path);
        Tree.allowOnly(m, path, "version", "length", "hashes");
        long v = Tree.integer(m, "version", path, 1);
        if (v > Integer.MAX_VALUE) {
            throw new TufException(TufException.INVALID, path + ".version", v, "at most 2^31 - 1");
        }
        OptionalLong length =
                m.containsKey("length") ? OptionalLong.of(Tree.integer(m, "length", path, 0)) : OptionalLong.empty();
        Map<String, String> hashes = m.containsKey("hashes") ? hashes(m.get("hashes"), path + ".hashes") : Map.of();
        return new MetaFile((int) v, length, hashes);
    }

    private static Map<String, String> hashes(Object json, String path) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : Tree.object(json, path).entrySet()) {
            if (!(e.getValue() instanceof String hex)) {
                throw new TufException(TufException.INVALID, path + "." + e.getKey(), "not a string", "hex digest");
            }
            switch (e.getKey()) {
                case "sha256" -> Tree.checkHexLower(hex, path + ".sha256", 64);
                case "sha512" -> Tree.checkHexLower(hex, path + ".sha512", 128);
                default ->
                    throw new TufException(TufException.UNKNOWN, path, Tree.shorten(e.getKey()), "sha256 or sha512");
            }
            out.put(e.getKey(), hex);
        }
        if (out.isEmpty()) {
            throw new TufException(TufException.MISSING, path, "{}", "sha256 or sha512");
        }
        return out;
    }

    private static Metadata.Targets targets(Map<String, Object> s, int version, Instant expires) {
        Tree.allowOnly(s, "signed", "_type", "spec_version", "version", "expires", "targets", "delegations");
        Map<String, TargetFile> targets = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : Tree.object(Tree.required(s, "targets", "signed"), "signed.targets")
                .entrySet()) {
            String path = "signed.targets." + Tree.shorten(e.getKey());
            checkName(e.getKey(), "signed.targets");
            Map<String, Object> t = Tree.object(e.getValue(), path);
            Tree.allowOnly(t, path, "length", "hashes", "custom");
            long length = Tree.integer(t, "length", path, 0);
            Map<String, String> hashes = hashes(Tree.required(t, "hashes", path), path + ".hashes");
            Map<String, Object> custom =
                    t.containsKey("custom") ? Tree.object(t.get("custom"), path + ".custom") : Map.of();
            targets.put(e.getKey(), new TargetFile(length, hashes, custom));
        }
        Optional<Delegations> delegations =
                s.containsKey("delegations") ? Optional.of(delegations(s.get("delegations"))) : Optional.empty();
        return new Metadata.Targets(version, expires, targets, delegations);
    }

    private static Delegations delegations(Object json) {
        String path = "signed.delegations";
        Map<String, Object> d = Tree.object(json, path);
        Tree.allowOnly(d, path, "keys", "roles");
        Map<String, TufKey> keys = keys(Tree.required(d, "keys", path), path + ".keys");
        List<DelegatedRole> roles = new java.util.ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Object o : Tree.array(Tree.required(d, "roles", path), path + ".roles")) {
            String rp = path + ".roles[" + roles.size() + "]";
            Map<String, Object> r = Tree.object(o, rp);
            Tree.allowOnly(r, rp, "name", "keyids", "threshold", "terminating", "paths", "path_hash_prefixes");
            String name = Tree.string(r, "name", rp);
            checkName(name, rp + ".name");
            if (Metadata.Root.ROLES.contains(name) || name.contains("/") || name.startsWith(".")) {
                throw new TufException(
                        TufException.INVALID,
                        rp + ".name",
                        Tree.shorten(name),
                        "not a top-level role, no '/', not starting with '.'");
            }
            if (!names.add(name)) {
                throw new TufException(TufException.DUPLICATE, path + ".roles", Tree.shorten(name), "each once");
            }
            RoleKeys rk = roleKeys(r, rp, keys);
            boolean terminating = Tree.bool(r, "terminating", rp);
            boolean hasPaths = r.containsKey("paths");
            boolean hasPrefixes = r.containsKey("path_hash_prefixes");
            if (hasPaths == hasPrefixes) {
                throw new TufException(
                        TufException.INVALID,
                        rp,
                        hasPaths ? "both" : "neither",
                        "exactly one of paths and path_hash_prefixes");
            }
            List<String> paths = hasPaths ? Tree.strings(r, "paths", rp, false) : List.of();
            List<String> prefixes = hasPrefixes ? Tree.strings(r, "path_hash_prefixes", rp, false) : List.of();
            for (String prefix : prefixes) {
                Tree.checkHex(prefix, rp + ".path_hash_prefixes");
            }
            roles.add(new DelegatedRole(name, rk.keyIds(), rk.threshold(), terminating, paths, prefixes));
        }
        return new Delegations(keys, roles);
    }

    private static void checkName(String name, String path) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new TufException(TufException.INVALID, path, Tree.shorten(name), "1.." + MAX_NAME + " characters");
        }
    }
}
