package io.hallmark.it;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A test's own authenticator app: RFC 6238 TOTP codes (HMAC-SHA-1, 6 digits, 30 s) of a base32 secret. */
final class TotpCodes {
    private TotpCodes() {}

    /** The code of {@code base32Secret} at {@code at}. */
    static String at(String base32Secret, Instant at) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
        byte[] h = mac.doFinal(
                ByteBuffer.allocate(8).putLong(at.getEpochSecond() / 30).array());
        int o = h[h.length - 1] & 0x0f;
        int v = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
        return String.format(Locale.ROOT, "%06d", v % 1_000_000);
    }

    private static byte[] base32(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteBuffer out = ByteBuffer.allocate(s.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : s.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >>> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
