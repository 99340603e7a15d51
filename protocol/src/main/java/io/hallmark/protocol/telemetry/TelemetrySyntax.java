package io.hallmark.protocol.telemetry;

/** The string syntaxes of the schema, shared by the records (programming errors) and the decoder (refusals). */
final class TelemetrySyntax {
    private TelemetrySyntax() {}

    /** A device serial: 1..64 printable ASCII characters without space. */
    static boolean isSerial(String s) {
        return !s.isEmpty() && s.length() <= TelemetryReport.MAX_SERIAL && allInRange(s, 0x21, 0x7e);
    }

    /** A local account's name: 1..32 printable ASCII characters, no space. */
    static boolean isAccount(String s) {
        return !s.isEmpty() && s.length() <= 32 && allInRange(s, 0x21, 0x7e);
    }

    /** An entry id of the default credentials list: 1..32 of {@code a-z 0-9 -}. */
    static boolean isEntryId(String s) {
        if (s.isEmpty() || s.length() > 32) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** A firmware version: 1..64 printable ASCII characters, space allowed. */
    static boolean isFirmware(String s) {
        return !s.isEmpty() && s.length() <= TelemetryReport.MAX_FW && allInRange(s, 0x20, 0x7e);
    }

    /** An event detail: 0..256 UTF-16 units, no control characters (C0, DEL, C1), no unpaired surrogate. */
    static boolean isDetail(String s) {
        if (s.length() > TelemetryReport.SecurityEvent.MAX_DETAIL) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A destination host: an IPv4 literal (RFC 791, dotted decimal without leading zeros), an IPv6 literal (RFC 4291
     * §2.2, without zone) or a DNS host name (RFC 1123 §2.1: labels of 1..63 letters, digits and hyphens, not starting
     * or ending with a hyphen; at most 253 characters; no trailing dot). Nothing is resolved.
     */
    static boolean isHost(String s) {
        if (s.isEmpty() || s.length() > TelemetryReport.Destination.MAX_HOST) {
            return false;
        }
        if (s.indexOf(':') >= 0) {
            return isIpv6(s);
        }
        // RFC 1123 §2.1: a name that looks like a dotted-decimal number must be one
        if (allDigitsAndDots(s)) {
            return isIpv4(s, 0, s.length());
        }
        return isDnsName(s);
    }

    static boolean isIpv4(String s, int from, int to) {
        int parts = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 4 && isDigit(s.charAt(i))) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 3 || value > 255 || (len > 1 && s.charAt(start) == '0')) {
                return false;
            }
            parts++;
            if (i == to) {
                return parts == 4;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return false;
            }
            i++;
        }
    }

    static boolean isIpv6(String s) {
        int n = s.length();
        if (n < 2 || n > 45) {
            return false;
        }
        int groups = 0;
        boolean compressed = false;
        int i = 0;
        if (s.startsWith("::")) {
            compressed = true;
            i = 2;
            if (i == n) {
                return true;
            }
        } else if (s.charAt(0) == ':') {
            return false;
        }
        while (i < n) {
            int start = i;
            while (i < n && i - start < 5 && isHex(s.charAt(i))) {
                i++;
            }
            int len = i - start;
            if (i < n && s.charAt(i) == '.') {
                // an embedded IPv4 address ends the literal and counts as two groups (RFC 4291 §2.2 form 3)
                if (!isIpv4(s, start, n)) {
                    return false;
                }
                groups += 2;
                break;
            }
            if (len == 0 || len > 4) {
                return false;
            }
            groups++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return false;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    static boolean isDnsName(String s) {
        int labelStart = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                int len = i - labelStart;
                if (len == 0 || len > 63 || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
            } else {
                char c = s.charAt(i);
                if (!(isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean allDigitsAndDots(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isDigit(c) && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean allInRange(String s, int lo, int hi) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < lo || c > hi) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
