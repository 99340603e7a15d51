package io.hallmark.protocol.attestation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The UEID (RFC 9711 §4.2.1) of a Hallmark device: type byte 0x01 followed by the first 16 bytes of SHA-256 over
 * {@code "hallmark-ueid:" + serial}, where {@code serial} is the X.520 serialNumber its certificates name. It is
 * derived rather than random (§4.2.1.1 RAND asks for randomness), so that the verifier can tie it to the certificate
 * without a table; two devices share it only when they share a serial number.
 */
public final class Ueid {
    private Ueid() {}

    /** The 17-byte UEID of the device with serial number {@code serial}. */
    public static byte[] of(String serial) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("hallmark-ueid:" + serial).getBytes(StandardCharsets.UTF_8));
            byte[] u = new byte[17];
            u[0] = 0x01;
            System.arraycopy(h, 0, u, 1, 16);
            return u;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }

    /** The UEID as it appears in a JSON token: base64url without padding. */
    public static String text(String serial) {
        return Base64Url.encode(of(serial));
    }

    static boolean matches(byte[] ueid, String serial) {
        return Arrays.equals(ueid, of(serial));
    }
}
