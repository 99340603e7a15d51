package io.hallmark.server.vuln;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maven's version order, after the rules of Maven's ComparableVersion: the version is split into items at
 * {@code .}, {@code -} and digit/letter transitions; numbers compare numerically; the known qualifiers order as
 * {@code alpha < beta < milestone < rc < snapshot < "" (release) < sp}, other qualifiers after them in text order;
 * a missing item counts as {@code 0} against a number and as a release against a qualifier. Nested list items
 * (ComparableVersion's {@code -} sub-lists) are flattened: a common subset, sufficient for advisory ranges.
 */
final class MavenVersion {
    private static final Map<String, Integer> QUALIFIERS = Map.ofEntries(
            Map.entry("alpha", 1),
            Map.entry("a", 1),
            Map.entry("beta", 2),
            Map.entry("b", 2),
            Map.entry("milestone", 3),
            Map.entry("m", 3),
            Map.entry("rc", 4),
            Map.entry("cr", 4),
            Map.entry("snapshot", 5),
            Map.entry("", 6),
            Map.entry("ga", 6),
            Map.entry("final", 6),
            Map.entry("release", 6),
            Map.entry("sp", 7));
    private static final int RELEASE = 6;
    private static final int OTHER = 8;

    private MavenVersion() {}

    /** Compares two Maven versions. */
    static int compare(String a, String b) {
        List<Object> x = items(a);
        List<Object> y = items(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            int c = item(i < x.size() ? x.get(i) : null, i < y.size() ? y.get(i) : null);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int item(Object a, Object b) {
        if (a == null && b == null) {
            return 0;
        }
        if (a == null) {
            return -item(b, null);
        }
        if (a instanceof BigInteger n) {
            return b == null ? n.signum() : b instanceof BigInteger m ? n.compareTo(m) : 1;
        }
        String q = (String) a;
        if (b == null) {
            return Integer.compare(rank(q), RELEASE);
        }
        if (b instanceof BigInteger) {
            return -1;
        }
        String r = (String) b;
        int c = Integer.compare(rank(q), rank(r));
        return c != 0 || rank(q) != OTHER ? c : q.compareTo(r);
    }

    private static int rank(String q) {
        return QUALIFIERS.getOrDefault(q, OTHER);
    }

    private static List<Object> items(String v) {
        if (v.isEmpty() || v.length() > 256) {
            throw new IllegalArgumentException("not a Maven version: " + Notes.shorten(v));
        }
        String s = v.toLowerCase(Locale.ROOT);
        List<Object> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch == '.' || ch == '-' || ch == '_') {
                i++;
                continue;
            }
            int j = i;
            boolean digit = Character.isDigit(ch);
            while (j < s.length()
                    && s.charAt(j) != '.'
                    && s.charAt(j) != '-'
                    && s.charAt(j) != '_'
                    && Character.isDigit(s.charAt(j)) == digit) {
                j++;
            }
            String t = s.substring(i, j);
            out.add(digit ? new BigInteger(t) : t);
            i = j;
        }
        // trailing zeros and release qualifiers do not count (1.0 == 1 == 1.0.0-ga)
        while (!out.isEmpty() && item(out.get(out.size() - 1), null) == 0) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
