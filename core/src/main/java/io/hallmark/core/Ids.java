package io.hallmark.core;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Identifiers: a short type prefix and 20 random Crockford base32 characters (100 bits), e.g. {@code org_8x2k...}.
 *
 * <p>The prefix tells a reader what the id names; the random part makes ids unguessable and collision-free.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final Pattern SHAPE = Pattern.compile("[a-z]{2,4}_[0-9a-hjkmnp-tv-z]{20}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** A new identifier with {@code prefix}. */
    public static String newId(String prefix) {
        StringBuilder sb =
                new StringBuilder(prefix.length() + 21).append(prefix).append('_');
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        for (byte b : bytes) {
            sb.append(ALPHABET[(b & 0xff) % 32]);
        }
        return sb.toString();
    }

    /**
     * A new identifier with {@code prefix} whose first 9 characters are the milliseconds since 1970 (45 bits, in order
     * until the year 3084) and the last 11 random (55 bits), the same shape as {@link #newId}: ids made later sort
     * later, so that a table's index on them grows at its end (one page written per commit, not one per row) for
     * records written by the thousand per second. Unguessable only by their random part: for records that are read
     * with authorization, never as a capability.
     */
    public static String newOrderedId(String prefix, Instant at) {
        StringBuilder sb =
                new StringBuilder(prefix.length() + 21).append(prefix).append('_');
        long millis = at.toEpochMilli();
        for (int shift = 40; shift >= 0; shift -= 5) {
            sb.append(ALPHABET[(int) (millis >>> shift) & 31]);
        }
        byte[] bytes = new byte[11];
        RANDOM.nextBytes(bytes);
        for (byte b : bytes) {
            sb.append(ALPHABET[(b & 0xff) % 32]);
        }
        return sb.toString();
    }

    /** Whether {@code id} has the shape of an identifier with {@code prefix}. */
    public static boolean isId(String id, String prefix) {
        return id != null && id.startsWith(prefix + "_") && SHAPE.matcher(id).matches();
    }
}
