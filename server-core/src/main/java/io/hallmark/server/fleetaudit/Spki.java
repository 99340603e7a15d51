package io.hallmark.server.fleetaudit;

import java.util.Arrays;

/**
 * Finds the SubjectPublicKeyInfo inside a DER certificate and reads its algorithm, without parsing the rest of the
 * certificate (the audit reads a million of them). Only the outer structure is walked (RFC 5280 §4.1): Certificate
 * SEQUENCE, then tbsCertificate SEQUENCE, then the optional [0] version, serialNumber, signature, issuer, validity and
 * subject, then subjectPublicKeyInfo.
 *
 * <p>Every malformed input ends in {@link IllegalArgumentException}.
 */
final class Spki {
    private static final int SEQUENCE = 0x30;
    private static final int OID = 0x06;
    private static final int VERSION_TAG = 0xa0;

    private Spki() {}

    /** The DER SubjectPublicKeyInfo of {@code certificate}. */
    static byte[] of(byte[] certificate) {
        Tlv cert = Tlv.read(certificate, 0, certificate.length, SEQUENCE);
        Tlv tbs = Tlv.read(certificate, cert.valueStart, cert.end, SEQUENCE);
        int at = tbs.valueStart;
        Tlv field = Tlv.read(certificate, at, tbs.end, -1);
        if (field.tag == VERSION_TAG) {
            at = field.end;
        }
        // serialNumber, signature, issuer, validity, subject
        for (int i = 0; i < 5; i++) {
            at = Tlv.read(certificate, at, tbs.end, -1).end;
        }
        Tlv spki = Tlv.read(certificate, at, tbs.end, SEQUENCE);
        return Arrays.copyOfRange(certificate, spki.start, spki.end);
    }

    /**
     * The algorithm OID of a SubjectPublicKeyInfo and, for EC keys, the named curve OID (RFC 5480 §2.1.1), both as
     * dotted strings; the curve is empty when absent.
     */
    static String[] algorithm(byte[] spki) {
        Tlv outer = Tlv.read(spki, 0, spki.length, SEQUENCE);
        Tlv alg = Tlv.read(spki, outer.valueStart, outer.end, SEQUENCE);
        Tlv oid = Tlv.read(spki, alg.valueStart, alg.end, OID);
        String params = "";
        if (oid.end < alg.end) {
            Tlv p = Tlv.read(spki, oid.end, alg.end, -1);
            if (p.tag == OID) {
                params = dotted(spki, p);
            }
        }
        return new String[] {dotted(spki, oid), params};
    }

    private static String dotted(byte[] b, Tlv oid) {
        if (oid.end - oid.valueStart < 1 || oid.end - oid.valueStart > 64) {
            throw new IllegalArgumentException("OID: bad length");
        }
        StringBuilder sb = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (int i = oid.valueStart; i < oid.end; i++) {
            value = (value << 7) | (b[i] & 0x7f);
            if (value > (1L << 48)) {
                throw new IllegalArgumentException("OID: arc too large");
            }
            if ((b[i] & 0x80) == 0) {
                if (first) {
                    long top = Math.min(value / 40, 2);
                    sb.append(top).append('.').append(value - top * 40);
                    first = false;
                } else {
                    sb.append('.').append(value);
                }
                value = 0;
            } else if (i == oid.end - 1) {
                throw new IllegalArgumentException("OID: truncated arc");
            }
        }
        return sb.toString();
    }

    /** One DER tag-length-value: where it starts, where its value starts and where it ends. */
    private record Tlv(int tag, int start, int valueStart, int end) {
        static Tlv read(byte[] b, int at, int limit, int expectedTag) {
            if (at < 0 || at + 2 > limit || limit > b.length) {
                throw new IllegalArgumentException("DER: truncated at " + at);
            }
            int tag = b[at] & 0xff;
            if (expectedTag >= 0 && tag != expectedTag) {
                throw new IllegalArgumentException(
                        "DER: tag " + tag + " at " + at + " (expected: " + expectedTag + ")");
            }
            if ((tag & 0x1f) == 0x1f) {
                throw new IllegalArgumentException("DER: multi-byte tag at " + at);
            }
            int first = b[at + 1] & 0xff;
            int pos = at + 2;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int n = first & 0x7f;
                if (n == 0 || n > 4 || pos + n > limit) {
                    throw new IllegalArgumentException("DER: bad length at " + at);
                }
                length = 0;
                for (int i = 0; i < n; i++) {
                    length = (length << 8) | (b[pos++] & 0xff);
                }
            }
            if (length > limit - pos) {
                throw new IllegalArgumentException("DER: value past the end at " + at);
            }
            return new Tlv(tag, at, pos, pos + (int) length);
        }
    }
}
