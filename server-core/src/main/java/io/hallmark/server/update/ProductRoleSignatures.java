package io.hallmark.server.update;

import io.hallmark.protocol.tuf.Metadata;
import io.hallmark.protocol.tuf.Signed;
import io.hallmark.protocol.tuf.TufCodec;
import io.hallmark.protocol.tuf.TufException;
import io.hallmark.protocol.tuf.TufKey;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.persistence.ConflictException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pure checks on release managers' signatures over a product role's pending version (TUF §4.2 signatures over
 * the canonical {@code signed} bytes, §4.5 the delegation's keys and threshold, §5.6.3 each key counted once). No I/O:
 * the caller reads the pending version and stores the result.
 */
final class ProductRoleSignatures {
    private ProductRoleSignatures() {}

    /**
     * The pending version with {@code upload}'s signatures added, each checked: the role and version must be the
     * pending ones, the key one the role's signers list, the signature valid over the canonical bytes.
     */
    static Signed<Metadata.Targets> merge(
            String role, Signed<Metadata.Targets> pending, OfflineKeys keys, SignatureUpload upload) {
        if (!upload.role().equals(role)) {
            throw new InvalidRequestException("role: " + upload.role() + " (expected: " + role + ")");
        }
        int version = pending.signed().version();
        if (upload.version() != version) {
            throw new ConflictException(
                    "version: " + upload.version() + " (expected: " + version + ", the version awaiting signatures)");
        }
        Map<String, Signed.Signature> byId = new LinkedHashMap<>();
        pending.signatures().forEach(g -> byId.put(g.keyId(), g));
        byte[] data = pending.canonicalSigned();
        for (Signed.Signature g : upload.signatures()) {
            TufKey key = keys.keys().get(g.keyId());
            if (key == null) {
                throw new InvalidRequestException("keyid: " + g.keyId() + " is not one of " + role + "'s signing keys");
            }
            if (!key.verifies(data, HexFormat.of().parseHex(g.sig()))) {
                throw new InvalidRequestException("sig: the signature of " + g.keyId() + " does not verify over " + role
                        + " version " + version + " (expected: over its canonical signed bytes)");
            }
            byId.put(g.keyId(), g);
        }
        return new Signed<>(pending.signed(), new ArrayList<>(byId.values()), data, pending.signedTree());
    }

    /** How many distinct keys of {@code keys} made a valid signature (TUF §5.6.3: each key counted once). */
    static int valid(Signed<Metadata.Targets> signed, OfflineKeys keys) {
        for (int m = keys.keys().size(); m >= 1; m--) {
            try {
                TufCodec.checkThreshold(
                        signed,
                        keys.keys(),
                        new Metadata.RoleKeys(keys.roleKeys().keyIds(), m),
                        "");
                return m;
            } catch (TufException e) {
                // fewer than m
            }
        }
        return 0;
    }
}
