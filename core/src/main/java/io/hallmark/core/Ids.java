package io.hallmark.core;

import java.security.SecureRandom;
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

    /** Whether {@code id} has the shape of an identifier with {@code prefix}. */
    public static boolean isId(String id, String prefix) {
        return id != null && id.startsWith(prefix + "_") && SHAPE.matcher(id).matches();
    }
}
