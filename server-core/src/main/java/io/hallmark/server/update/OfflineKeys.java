package io.hallmark.server.update;

import io.hallmark.core.CanonicalJson;
import io.hallmark.core.Hashes;
import io.hallmark.protocol.tuf.Metadata.RoleKeys;
import io.hallmark.protocol.tuf.TufException;
import io.hallmark.protocol.tuf.TufJson;
import io.hallmark.protocol.tuf.TufKey;
import io.hallmark.server.errors.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The release managers' offline keys of a product's delegated targets role and the threshold M of them that must sign
 * each of its versions (TUF §4.5 "delegations": {@code keyids}, {@code threshold}). Read from the document {@code
 * hallmark update keys init} writes: {@code {"threshold": M, "keys": {"<key id>": <TUF key object>, ...}}}.
 *
 * @param keys the public keys by key id (Ed25519 hex or ECDSA P-256 PEM), each id the SHA-256 of its key object
 * @param threshold how many distinct keys must sign, 1..keys
 */
record OfflineKeys(Map<String, TufKey> keys, int threshold) {
    /** The largest document accepted. */
    static final int MAX_BYTES = 64 * 1024;

    /** The most keys a role may list. */
    static final int MAX_KEYS = 16;

    OfflineKeys {
        keys = java.util.Collections.unmodifiableMap(new TreeMap<>(keys));
    }

    /**
     * Reads and checks the document: at most {@link #MAX_BYTES}, strict JSON, 1..{@link #MAX_KEYS} distinct keys each
     * listed under its own key id (TUF §4.2: the SHA-256 of the key object's canonical JSON), 1 &lt;= M &lt;= N.
     *
     * @throws TufException when the JSON or a key object cannot be read
     * @throws InvalidRequestException when a rule above is broken
     */
    static OfflineKeys parse(byte[] json) {
        Object doc = TufJson.read(json, MAX_BYTES);
        if (!(doc instanceof Map<?, ?> m)) {
            throw new InvalidRequestException(
                    "keys: not a JSON object (expected: {\"threshold\": M, \"keys\": {...}})");
        }
        for (Object name : m.keySet()) {
            if (!name.equals("threshold") && !name.equals("keys")) {
                throw new InvalidRequestException("keys: member " + shorten(name) + " (expected: threshold, keys)");
            }
        }
        if (!(m.get("threshold") instanceof Long t) || !(m.get("keys") instanceof Map<?, ?> listed)) {
            throw new InvalidRequestException("keys: expected {\"threshold\": M, \"keys\": {\"<key id>\": {...}}}");
        }
        if (listed.isEmpty() || listed.size() > MAX_KEYS) {
            throw new InvalidRequestException("keys: " + listed.size() + " keys (expected: 1 to " + MAX_KEYS + ")");
        }
        if (t < 1 || t > listed.size()) {
            throw new InvalidRequestException("threshold: " + t + " (expected: 1 to " + listed.size() + ")");
        }
        Map<String, TufKey> keys = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : listed.entrySet()) {
            TufKey k = TufKey.fromJson((String) e.getKey(), e.getValue());
            String id = HexFormat.of().formatHex(Hashes.sha256(TufJson.canonical(k.toJson())));
            if (!id.equals(k.keyId())) {
                throw new InvalidRequestException(
                        "keys: key id " + shorten(k.keyId()) + " (expected: " + id + ", the SHA-256 of its key)");
            }
            for (TufKey other : keys.values()) {
                if (Arrays.equals(other.publicKey().getEncoded(), k.publicKey().getEncoded())) {
                    throw new InvalidRequestException("keys: key " + id + " is listed twice");
                }
            }
            keys.put(id, k);
        }
        return new OfflineKeys(keys, t.intValue());
    }

    /** The stored form: the same document, RFC 8785 JSON. */
    String toJson() {
        Map<String, Object> listed = new TreeMap<>();
        keys.forEach((id, k) -> listed.put(id, k.toJson()));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("keys", listed);
        doc.put("threshold", (long) threshold);
        return CanonicalJson.write(doc);
    }

    /** Reads the stored form. */
    static OfflineKeys fromJson(String stored) {
        return parse(stored.getBytes(StandardCharsets.UTF_8));
    }

    /** The role's entry in a delegation or a threshold check. */
    RoleKeys roleKeys() {
        return new RoleKeys(List.copyOf(keys.keySet()), threshold);
    }

    private static String shorten(Object o) {
        String s = String.valueOf(o);
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
