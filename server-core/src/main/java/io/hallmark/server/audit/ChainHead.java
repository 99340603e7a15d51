package io.hallmark.server.audit;

/**
 * The last entry's sequence and hash; {@link #GENESIS} before the first entry.
 *
 * @param seq the last sequence, 0 when the log is empty
 * @param hash the last hash, 64 zeros when the log is empty
 */
public record ChainHead(long seq, String hash) {
    /** The head of an empty log. */
    public static final ChainHead GENESIS = new ChainHead(0, "0".repeat(64));
}
