package io.hallmark.server.http;

import java.util.Optional;

/**
 * One byte range of a {@code Range} header (RFC 9110 §14.1.2, §14.2), resolved against a representation of {@code
 * length} bytes: what a device resuming an interrupted image download asks for.
 *
 * <p>{@link #parse} answers one of three things. Empty: the header is absent, not of the {@code bytes} unit, not
 * well-formed, or asks for several ranges; the server then ignores it and sends the whole file (§14.2 lets a server
 * ignore a Range header). {@link #unsatisfiable()}: a well-formed range that starts at or beyond the end (416, §15.5.17).
 * Otherwise the first and last byte positions, inclusive, within the file.
 */
record ByteRange(long first, long last) {
    /** The longest header looked at; a longer one is ignored. */
    static final int MAX_HEADER = 200;

    private static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    /** Whether no byte of the file is in the range. */
    boolean unsatisfiable() {
        return first < 0;
    }

    /** How many bytes the range holds. */
    long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value of this range of a file of {@code length} bytes (§14.4). */
    String contentRange(long length) {
        return unsatisfiable() ? "bytes */" + length : "bytes " + first + "-" + last + "/" + length;
    }

    /** The range {@code header} asks of a file of {@code length} bytes, as described above. */
    static Optional<ByteRange> parse(String header, long length) {
        if (header == null || header.length() > MAX_HEADER || length < 0) {
            return Optional.empty();
        }
        String h = header.strip();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).strip().equalsIgnoreCase("bytes")) {
            return Optional.empty();
        }
        String spec = h.substring(eq + 1).strip();
        if (spec.indexOf(',') >= 0) {
            return Optional.empty(); // several ranges: the whole file, not a multipart answer
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        if (a.isEmpty()) {
            // suffix-range: the last N bytes
            long n = digits(b);
            if (n < 0) {
                return Optional.empty();
            }
            if (n == 0 || length == 0) {
                return Optional.of(UNSATISFIABLE);
            }
            return Optional.of(new ByteRange(Math.max(0, length - n), length - 1));
        }
        long first = digits(a);
        long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
        if (first < 0 || last < 0 || last < first) {
            return Optional.empty(); // §14.1.1: last-pos < first-pos is invalid, and an invalid range is ignored
        }
        if (first >= length) {
            return Optional.of(UNSATISFIABLE);
        }
        return Optional.of(new ByteRange(first, Math.min(last, length - 1)));
    }

    /** A non-negative decimal of at most 18 digits, or -1. */
    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
