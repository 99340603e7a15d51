package io.hallmark.server.vuln;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Semantic Versioning 2.0.0 precedence (semver.org §11); build metadata is ignored (§10). */
final class SemVer {
    /** semver.org's grammar, with an optional leading {@code v} (Go modules). */
    private static final Pattern SEMVER = Pattern.compile("v?(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
            + "(?:-((?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*))?"
            + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

    private SemVer() {}

    /** Compares two versions; throws {@link IllegalArgumentException} when either is not Semantic Versioning. */
    static int compare(String a, String b) {
        Matcher x = parse(a);
        Matcher y = parse(b);
        for (int i = 1; i <= 3; i++) {
            int c = new BigInteger(x.group(i)).compareTo(new BigInteger(y.group(i)));
            if (c != 0) {
                return c;
            }
        }
        String pa = x.group(4);
        String pb = y.group(4);
        if (pa == null || pb == null) {
            // §11.3: a pre-release has lower precedence than the normal version
            return pa == null ? (pb == null ? 0 : 1) : -1;
        }
        String[] ia = pa.split("\\.");
        String[] ib = pb.split("\\.");
        for (int i = 0; i < Math.min(ia.length, ib.length); i++) {
            int c = identifier(ia[i], ib[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ia.length, ib.length);
    }

    /** §11.4: numeric identifiers numerically, below alphanumeric ones, which compare in ASCII order. */
    private static int identifier(String a, String b) {
        boolean na = a.chars().allMatch(Character::isDigit);
        boolean nb = b.chars().allMatch(Character::isDigit);
        if (na && nb) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static Matcher parse(String v) {
        Matcher m = v.length() > 256 ? null : SEMVER.matcher(v);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a semantic version: " + Notes.shorten(v));
        }
        return m;
    }
}
