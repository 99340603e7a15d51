package io.hallmark.server.audit;

import io.hallmark.core.CanonicalJson;
import io.hallmark.core.Hashes;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an entry is hashed and chained. Pure functions; the verifier and the appender share them.
 *
 * <p>Two levels, so that an entry can be withheld from a reader without breaking the chain they verify:
 *
 * <ol>
 *   <li>{@code content = SHA-256(JCS(entry fields))}: the record, its seq and time, canonical per RFC 8785;
 *   <li>{@code hash = SHA-256(JCS({"content": content, "prev": previous hash, "seq": seq, "v": 1}))}.
 * </ol>
 *
 * Hashes are lower-case hex. The first entry chains to 64 zeros.
 */
public final class AuditChain {
    /** The version of the encoding, part of every hashed object. */
    public static final int VERSION = 1;

    private AuditChain() {}

    /** The canonical fields of an entry, as hashed and as exported. */
    public static Map<String, Object> contentFields(long seq, Instant time, AuditRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("seq", seq);
        m.put("time", formatTime(time));
        m.put("actor", r.actor());
        m.put("org", r.orgId().orElse(null));
        m.put("action", r.action());
        m.put("target", r.target().orElse(null));
        m.put("outcome", r.outcome().wireName());
        m.put("reason", r.reason().orElse(null));
        m.put("requestId", r.requestId().orElse(null));
        m.put("severity", r.severity().wireName());
        m.put("breakGlass", r.breakGlassId().orElse(null));
        return m;
    }

    /** The content hash of an entry. */
    public static String contentHash(long seq, Instant time, AuditRecord r) {
        return Hashes.hex(Hashes.sha256(CanonicalJson.write(contentFields(seq, time, r))));
    }

    /** The chain hash of the entry at {@code seq} with {@code contentHash}, after {@code prevHash}. */
    public static String link(long seq, String prevHash, String contentHash) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("seq", seq);
        m.put("prev", prevHash);
        m.put("content", contentHash);
        return Hashes.hex(Hashes.sha256(CanonicalJson.write(m)));
    }

    /** Places {@code record} after {@code head} at {@code time}. */
    public static AuditEntry next(ChainHead head, Instant time, AuditRecord record) {
        long seq = head.seq() + 1;
        Instant t = Instant.ofEpochMilli(time.toEpochMilli());
        return new AuditEntry(seq, t, record, link(seq, head.hash(), contentHash(seq, t, record)));
    }

    /** ISO-8601 UTC with exactly three fraction digits, the one time format that is hashed. */
    public static String formatTime(Instant time) {
        return DateTimeFormatter.ISO_INSTANT
                .format(Instant.ofEpochMilli(time.toEpochMilli()))
                .replaceFirst("(\\d{2}:\\d{2}:\\d{2})Z$", "$1.000Z");
    }
}
