package io.hallmark.server.behaviour.mud;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.core.UntrustedInputException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The JSON checks of {@link MudParser}, RFC 7951 encoding: each names the path of what is wrong. */
final class MudJson {
    static final int MAX_NAME = 64;
    static final int MAX_TEXT = 1024;
    private static final String ACL_PREFIX = "ietf-access-control-list:";

    private MudJson() {}

    static void members(JsonNode node, String path, Set<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String where = path.isEmpty() ? name : path + "." + name;
                throw new UntrustedInputException(
                        where + ": unknown or unsupported member (expected: one of " + new TreeSet<>(allowed) + ")");
            }
        }
    }

    static JsonNode required(JsonNode node, String member, String path) {
        JsonNode value = node.get(member);
        if (value == null) {
            String where = path.isEmpty() ? member : path + "." + member;
            throw new UntrustedInputException(where + ": missing (expected: present)");
        }
        return value;
    }

    static Optional<JsonNode> optional(JsonNode node, String member) {
        return Optional.ofNullable(node.get(member));
    }

    static JsonNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new UntrustedInputException(path + ": " + kind(node) + " (expected: object)");
        }
        return node;
    }

    static JsonNode array(JsonNode node, String path, int max) {
        if (!node.isArray()) {
            throw new UntrustedInputException(path + ": " + kind(node) + " (expected: array)");
        }
        if (node.size() > max) {
            throw new UntrustedInputException(path + ": " + node.size() + " entries (expected: at most " + max + ")");
        }
        return node;
    }

    static long integer(JsonNode node, String path, long min, long max) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new UntrustedInputException(
                    path + ": " + kind(node) + " (expected: integer " + min + ".." + max + ")");
        }
        long v = node.longValue();
        if (v < min || v > max) {
            throw new UntrustedInputException(path + ": " + v + " (expected: " + min + ".." + max + ")");
        }
        return v;
    }

    static String text(JsonNode node, String path, int max) {
        if (!node.isTextual()) {
            throw new UntrustedInputException(path + ": " + kind(node) + " (expected: string)");
        }
        String s = node.textValue();
        if (s.isEmpty() || s.length() > max) {
            throw new UntrustedInputException(
                    path + ": a string of " + s.length() + " characters (expected: 1.." + max + ")");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw new UntrustedInputException(path + ": a control character (expected: printable text)");
            }
        }
        return s;
    }

    static String name(JsonNode node, String path) {
        return text(node, path, MAX_NAME);
    }

    static String identity(JsonNode node, String path) {
        String s = text(node, path, 96);
        // RFC 7951 §6.8: an identityref may carry its module name.
        return s.startsWith(ACL_PREFIX) ? s.substring(ACL_PREFIX.length()) : s;
    }

    static String uri(JsonNode node, String path) {
        String s = text(node, path, MAX_TEXT);
        int colon = s.indexOf(':');
        if (colon < 1 || s.indexOf(' ') >= 0 || !Character.isLetter(s.charAt(0))) {
            throw new UntrustedInputException(path + ": \"" + s + "\" (expected: an absolute URI)");
        }
        return s;
    }

    static String prefix(JsonNode node, String path, int version) {
        String s = text(node, path, 64);
        IpPrefix prefix = IpPrefix.parsePrefix(s, version);
        if (prefix == null) {
            throw new UntrustedInputException(
                    path + ": \"" + s + "\" (expected: an IPv" + version + " prefix, address/length)");
        }
        return prefix.text();
    }

    /** RFC 8520 ietf-acldns / RFC 6991 {@code inet:host-name}: lower case, without the trailing dot. */
    static String dnsName(JsonNode node, String path) {
        String s = text(node, path, 254);
        String name = normalizeHost(s);
        if (!isHostName(name)) {
            throw new UntrustedInputException(path + ": \"" + s + "\" (expected: a DNS host name)");
        }
        return name;
    }

    static String normalizeHost(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    static boolean isHostName(String s) {
        if (s.isEmpty() || s.length() > 253) {
            return false;
        }
        int label = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (label == 0 || s.charAt(i - 1) == '-') {
                    return false;
                }
                label = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (c == '-' && label > 0)) {
                if (++label > 63) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return label > 0 && s.charAt(s.length() - 1) != '-';
    }

    /** RFC 7951 §6.9: a leaf of type {@code empty} is {@code [null]}. */
    static boolean empty(JsonNode node, String member, String path) {
        JsonNode value = node.get(member);
        if (value == null) {
            return false;
        }
        if (!value.isArray() || value.size() != 1 || !value.get(0).isNull()) {
            throw new UntrustedInputException(path + "." + member + ": " + kind(value) + " (expected: [null])");
        }
        return true;
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
