package io.hallmark.server.access;

import io.hallmark.core.Checks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: HMAC-SHA-1, 6 digits, a 30-second step
 * counted from the Unix epoch (RFC 6238 §4.2), and the dynamic truncation of HOTP (RFC 4226 §5.3). Pure: time is
 * passed in, nothing is stored.
 */
final class Totp {
    /** The time step X of RFC 6238 §4.1, in seconds. */
    static final long STEP_SECONDS = 30;

    /** Digits of a code. */
    static final int DIGITS = 6;

    /** Bytes of a new secret: 160 bits, the length RFC 4226 §4 recommends for HMAC-SHA-1. */
    static final int SECRET_BYTES = 20;

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Totp() {}

    /** The time step counter T of RFC 6238 §4.2 at {@code at} (T0 = 0). */
    static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The HOTP value (RFC 4226 §5.3) of {@code counter} with {@code digits} digits, zero-padded. */
    static String code(byte[] secret, long counter, int digits, String hmac) {
        Checks.check(digits >= 6 && digits <= 8, "digits", digits, "6 to 8");
        byte[] h;
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(secret, hmac));
            byte[] c = new byte[8];
            for (int i = 7; i >= 0; i--) {
                c[i] = (byte) (counter & 0xff);
                counter >>>= 8;
            }
            h = mac.doFinal(c);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " is not available", e);
        }
        // dynamic truncation: the low four bits of the last byte select four bytes, top bit masked
        int offset = h[h.length - 1] & 0x0f;
        int binary = ((h[offset] & 0x7f) << 24)
                | ((h[offset + 1] & 0xff) << 16)
                | ((h[offset + 2] & 0xff) << 8)
                | (h[offset + 3] & 0xff);
        int modulus = 1;
        for (int i = 0; i < digits; i++) {
            modulus *= 10;
        }
        String s = Integer.toString(binary % modulus);
        return "0".repeat(digits - s.length()) + s;
    }

    /** The 6-digit HMAC-SHA-1 code of step {@code counter}. */
    static String code(byte[] secret, long counter) {
        return code(secret, counter, DIGITS, "HmacSHA1");
    }

    /**
     * The step whose code {@code presented} is, looking at the step of {@code now} and one step either side (RFC
     * 6238 §5.2 allows a small window for clock drift and transmission delay); empty when none matches. Every
     * candidate is compared in constant time.
     */
    static OptionalLong match(byte[] secret, String presented, Instant now) {
        if (presented == null
                || presented.length() != DIGITS
                || !presented.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        long t = step(now);
        long found = -1;
        byte[] p = presented.getBytes(StandardCharsets.US_ASCII);
        for (long s = t - 1; s <= t + 1; s++) {
            if (MessageDigest.isEqual(code(secret, s).getBytes(StandardCharsets.US_ASCII), p) && found < 0) {
                found = s;
            }
        }
        return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** RFC 4648 §6 base32 without padding, as authenticator apps read secrets. */
    static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /**
     * The provisioning URI of the Key Uri Format authenticator apps scan: {@code
     * otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30}.
     */
    static String uri(String issuer, String account, byte[] secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
