package io.hallmark.server.vuln;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 version order (Python packaging, "Version scheme"): epoch, release segments (zero-padded), then
 * {@code .devN < aN < bN < rcN < release < .postN}. Normalisation follows PEP 440 "Normalization" (case, separators,
 * alternative spellings); local versions ({@code +...}) are compared as equal to their public version.
 */
final class Pep440Version {
    private static final Pattern PEP440 = Pattern.compile("v?(?:([0-9]+)!)?([0-9]+(?:\\.[0-9]+)*)"
            + "(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?([0-9]*))?"
            + "(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]*))?"
            + "(?:[-_.]?(dev)[-_.]?([0-9]*))?"
            + "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?");

    private Pep440Version() {}

    /** Compares two PEP 440 versions. */
    static int compare(String a, String b) {
        return Arrays.compare(key(a), key(b));
    }

    /** The sort key: epoch, 32 release segments, pre phase, pre number, post, dev. */
    private static BigInteger[] key(String v) {
        Matcher m = v.length() > 256 ? null : PEP440.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a PEP 440 version: " + Notes.shorten(v));
        }
        String[] release = m.group(2).split("\\.");
        if (release.length > 32) {
            throw new IllegalArgumentException("PEP 440 version: too many release segments");
        }
        BigInteger[] k = new BigInteger[38];
        Arrays.fill(k, BigInteger.ZERO);
        k[0] = num(m.group(1));
        for (int i = 0; i < release.length; i++) {
            k[1 + i] = new BigInteger(release[i]);
        }
        boolean pre = m.group(3) != null;
        boolean post = m.group(5) != null || m.group(6) != null;
        boolean dev = m.group(8) != null;
        BigInteger low = BigInteger.valueOf(-1);
        BigInteger high = BigInteger.valueOf(Long.MAX_VALUE);
        // a pre-release phase: 0 = dev of the release, 1..3 = a, b, rc, 4 = the release itself
        if (pre) {
            k[33] = BigInteger.valueOf(phase(m.group(3)));
            k[34] = num(m.group(4));
        } else {
            k[33] = BigInteger.valueOf(dev && !post ? 0 : 4);
        }
        k[35] = post ? num(m.group(5) != null ? m.group(5) : m.group(7)) : low;
        k[36] = dev ? num(m.group(9)) : high;
        return k;
    }

    private static int phase(String p) {
        return switch (p) {
            case "a", "alpha" -> 1;
            case "b", "beta" -> 2;
            default -> 3;
        };
    }

    private static BigInteger num(String s) {
        return s == null || s.isEmpty() ? BigInteger.ZERO : new BigInteger(s);
    }
}
