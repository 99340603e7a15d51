package io.hallmark.server.access;

import io.hallmark.core.Hashes;
import io.hallmark.core.Ids;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The text of an API token: {@code hm1.<token id>.<secret>}, the secret being 256 random bits in base64url.
 *
 * <p>The id finds the stored token; the secret is compared by its SHA-256 in constant time. A token's text is
 * shown once; only the hash of the secret is stored.
 *
 * @param id the token id ({@code tok_...})
 * @param secret the base64url secret (43 characters)
 */
record TokenText(String id, String secret) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "hm1.";

    static TokenText generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return new TokenText(
                Ids.newId("tok"), Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }

    static Optional<TokenText> parse(String text) {
        if (text == null || text.length() > 200 || !text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = text.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String id = rest.substring(0, dot);
        String secret = rest.substring(dot + 1);
        if (!Ids.isId(id, "tok") || secret.length() != 43 || !isBase64Url(secret)) {
            return Optional.empty();
        }
        return Optional.of(new TokenText(id, secret));
    }

    private static boolean isBase64Url(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    byte[] secretHash() {
        return Hashes.sha256(secret);
    }

    String text() {
        return PREFIX + id + "." + secret;
    }

    @Override
    public String toString() {
        return "TokenText[" + id + "]";
    }
}
