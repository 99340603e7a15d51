package io.hallmark.server.update;

import io.hallmark.protocol.tuf.Signed;
import io.hallmark.protocol.tuf.TufJson;
import io.hallmark.server.errors.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Signatures made offline over a product role's pending version, as a release manager uploads them: {@code {"role":
 * "product-<dir>", "version": N, "signatures": [{"keyid": "<64 hex>", "sig": "<hex>"}, ...]}}, each signature over
 * the canonical JSON of that version's {@code signed} object (TUF §4.2, §5.6.7).
 *
 * @param role the role signed
 * @param version its version
 * @param signatures one per key id, 1..{@link OfflineKeys#MAX_KEYS}
 */
record SignatureUpload(String role, int version, List<Signed.Signature> signatures) {
    /** The largest upload accepted. */
    static final int MAX_BYTES = 64 * 1024;

    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SIG = Pattern.compile("(?:[0-9a-f]{2}){1,512}");
    private static final Pattern ROLE = Pattern.compile(TufDelegations.PREFIX + "[A-Za-z0-9._+-]{1,64}");

    SignatureUpload {
        signatures = List.copyOf(signatures);
    }

    /**
     * Reads and checks an upload: at most {@link #MAX_BYTES}, strict JSON, exactly these members, a role name, a
     * version >= 1, lowercase hex key ids and signatures, no key id twice.
     *
     * @throws io.hallmark.protocol.tuf.TufException when the JSON cannot be read
     * @throws InvalidRequestException when a rule above is broken
     */
    static SignatureUpload parse(byte[] json) {
        Object doc = TufJson.read(json, MAX_BYTES);
        if (!(doc instanceof Map<?, ?> m)
                || !Set.of("role", "version", "signatures").equals(m.keySet())) {
            throw new InvalidRequestException(
                    "signatures: expected {\"role\": \"product-...\", \"version\": N, \"signatures\": [...]}");
        }
        if (!(m.get("role") instanceof String role) || !ROLE.matcher(role).matches()) {
            throw new InvalidRequestException("role: expected product-<dir>");
        }
        if (!(m.get("version") instanceof Long v) || v < 1 || v > Integer.MAX_VALUE) {
            throw new InvalidRequestException("version: expected an integer >= 1");
        }
        if (!(m.get("signatures") instanceof List<?> list) || list.isEmpty() || list.size() > OfflineKeys.MAX_KEYS) {
            throw new InvalidRequestException(
                    "signatures: expected an array of 1 to " + OfflineKeys.MAX_KEYS + " signatures");
        }
        List<Signed.Signature> sigs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Object o : list) {
            String at = "signatures[" + sigs.size() + "]";
            if (!(o instanceof Map<?, ?> s)
                    || !Set.of("keyid", "sig").equals(s.keySet())
                    || !(s.get("keyid") instanceof String keyId)
                    || !(s.get("sig") instanceof String sig)) {
                throw new InvalidRequestException(at + ": expected {\"keyid\": \"<hex>\", \"sig\": \"<hex>\"}");
            }
            if (!KEY_ID.matcher(keyId).matches()) {
                throw new InvalidRequestException(at + ".keyid: expected 64 lowercase hex digits");
            }
            if (!SIG.matcher(sig).matches()) {
                throw new InvalidRequestException(at + ".sig: expected lowercase hex, at most 512 bytes");
            }
            if (!ids.add(keyId)) {
                throw new InvalidRequestException(at + ".keyid: " + keyId + " given twice (expected: one each)");
            }
            sigs.add(new Signed.Signature(keyId, sig));
        }
        return new SignatureUpload(role, v.intValue(), sigs);
    }
}
