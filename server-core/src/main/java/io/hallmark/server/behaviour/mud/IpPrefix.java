package io.hallmark.server.behaviour.mud;

/**
 * An IPv4 or IPv6 prefix held as two longs, and a literal parser that never resolves a name (RFC 6991 §4
 * {@code ipv4-prefix}, {@code ipv6-prefix}; zone indexes are refused). Addresses are prefixes of full length.
 */
final class IpPrefix {
    final int version;
    final long hi;
    final long lo;
    final int length;
    private final long maskHi;
    private final long maskLo;

    private IpPrefix(int version, long hi, long lo, int length) {
        this.version = version;
        this.length = length;
        int bits = version == 4 ? length + 96 : length;
        this.maskHi = bits >= 64 ? -1L : bits == 0 ? 0L : -1L << (64 - bits);
        this.maskLo = bits <= 64 ? 0L : bits >= 128 ? -1L : -1L << (128 - bits);
        this.hi = hi & maskHi;
        this.lo = lo & maskLo;
    }

    /** Whether {@code address} (a full-length prefix) lies in this prefix. */
    boolean contains(IpPrefix address) {
        return address.version == version && (address.hi & maskHi) == hi && (address.lo & maskLo) == lo;
    }

    /** An address literal as a full-length prefix, or {@code null} when {@code s} is not one. */
    static IpPrefix parseAddress(String s) {
        if (s.indexOf(':') >= 0) {
            long[] v6 = parseV6(s);
            return v6 == null ? null : new IpPrefix(6, v6[0], v6[1], 128);
        }
        long v4 = parseV4(s, 0, s.length());
        return v4 < 0 ? null : new IpPrefix(4, 0, v4, 32);
    }

    /** A prefix {@code address/length} of {@code version} 4 or 6, or {@code null} when {@code s} is not one. */
    static IpPrefix parsePrefix(String s, int version) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            return null;
        }
        IpPrefix address = parseAddress(s.substring(0, slash));
        int length = parseDecimal(s, slash + 1, s.length(), version == 4 ? 32 : 128);
        if (address == null || address.version != version || length < 0) {
            return null;
        }
        return new IpPrefix(version, address.hi, address.lo, length);
    }

    /** The canonical text {@code address/length} for nftables. */
    String text() {
        StringBuilder b = new StringBuilder();
        if (version == 4) {
            for (int i = 3; i >= 0; i--) {
                b.append((lo >>> (8 * i)) & 0xff);
                if (i > 0) {
                    b.append('.');
                }
            }
        } else {
            for (int i = 0; i < 8; i++) {
                long word = i < 4 ? hi : lo;
                b.append(Long.toHexString((word >>> (16 * (3 - (i % 4)))) & 0xffff));
                if (i < 7) {
                    b.append(':');
                }
            }
        }
        return b.append('/').append(length).toString();
    }

    private static int parseDecimal(String s, int from, int to, int max) {
        int n = to - from;
        if (n < 1 || n > 3 || (n > 1 && s.charAt(from) == '0')) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= max ? v : -1;
    }

    private static long parseV4(String s, int from, int to) {
        long v = 0;
        int start = from;
        int parts = 0;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '.') {
                int octet = parseDecimal(s, start, i, 255);
                if (octet < 0 || ++parts > 4) {
                    return -1;
                }
                v = (v << 8) | octet;
                start = i + 1;
            }
        }
        return parts == 4 ? v : -1;
    }

    private static long[] parseV6(String s) {
        if (s.length() > 45) {
            return null;
        }
        int[] words = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
        }
        while (i < n) {
            int end = i;
            while (end < n && s.charAt(end) != ':') {
                end++;
            }
            if (end < n || s.indexOf('.', i) < 0) {
                int w = parseHex(s, i, end);
                if (w < 0 || count == 8) {
                    return null;
                }
                words[count++] = w;
            } else {
                long v4 = parseV4(s, i, end);
                if (v4 < 0 || count > 6) {
                    return null;
                }
                words[count++] = (int) (v4 >>> 16);
                words[count++] = (int) (v4 & 0xffff);
            }
            if (end == n) {
                break;
            }
            if (end + 1 < n && s.charAt(end + 1) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i = end + 2;
            } else if (end + 1 == n) {
                return null;
            } else {
                i = end + 1;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = words;
        } else {
            int tail = count - gap;
            System.arraycopy(words, 0, full, 0, gap);
            System.arraycopy(words, gap, full, 8 - tail, tail);
        }
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 4; k++) {
            hi = (hi << 16) | full[k];
            lo = (lo << 16) | full[k + 4];
        }
        return new long[] {hi, lo};
    }

    private static int parseHex(String s, int from, int to) {
        if (to - from < 1 || to - from > 4) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0 || s.charAt(i) > 'f') {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
