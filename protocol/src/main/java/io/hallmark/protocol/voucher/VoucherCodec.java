package io.hallmark.protocol.voucher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hallmark.core.UntrustedInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON encoding of vouchers and voucher requests: the YANG modules of RFC 8366 §5.3 and RFC 8995 §3.3 in the
 * JSON encoding of RFC 7951 (a top-level member named {@code module:container}, {@code binary} leaves as base64 of
 * RFC 4648 §4, {@code yang:date-and-time} as RFC 3339). Parsing is strict: an unknown leaf, a wrong type or a
 * missing mandatory leaf is refused with its name.
 */
public final class VoucherCodec {
    /** The top-level member of a voucher. */
    public static final String VOUCHER = "ietf-voucher:voucher";
    /** The top-level member of a voucher request. */
    public static final String REQUEST = "ietf-voucher-request:voucher";
    /** The largest encoded voucher or request accepted, in bytes. */
    public static final int MAX_BYTES = 16 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VOUCHER_LEAVES = Set.of(
            "created-on",
            "expires-on",
            "assertion",
            "serial-number",
            "idevid-issuer",
            "pinned-domain-cert",
            "domain-cert-revocation-checks",
            "nonce",
            "last-renewal-date");
    private static final Set<String> REQUEST_LEAVES = Set.of(
            "created-on",
            "expires-on",
            "assertion",
            "serial-number",
            "idevid-issuer",
            "nonce",
            "proximity-registrar-cert",
            "prior-signed-voucher-request");

    private VoucherCodec() {}

    /** The voucher as RFC 8366 JSON. */
    public static byte[] encode(Voucher v) {
        ObjectNode leaves = JSON.createObjectNode();
        leaves.put("created-on", v.createdOn().toString());
        v.expiresOn().ifPresent(t -> leaves.put("expires-on", t.toString()));
        leaves.put("assertion", v.assertion().wire());
        leaves.put("serial-number", v.serialNumber());
        v.idevidIssuer().ifPresent(b -> leaves.put("idevid-issuer", b64(b)));
        leaves.put("pinned-domain-cert", b64(v.pinnedDomainCert()));
        v.domainCertRevocationChecks().ifPresent(b -> leaves.put("domain-cert-revocation-checks", b));
        v.nonce().ifPresent(b -> leaves.put("nonce", b64(b)));
        return write(VOUCHER, leaves);
    }

    /** The voucher request as RFC 8995 JSON, with assertion {@code proximity}. */
    public static byte[] encode(VoucherRequest r) {
        ObjectNode leaves = JSON.createObjectNode();
        r.createdOn().ifPresent(t -> leaves.put("created-on", t.toString()));
        leaves.put("assertion", Voucher.Assertion.PROXIMITY.wire());
        leaves.put("serial-number", r.serialNumber());
        leaves.put("nonce", b64(r.nonce()));
        r.proximityRegistrarCert().ifPresent(b -> leaves.put("proximity-registrar-cert", b64(b)));
        r.priorSignedVoucherRequest()
                .ifPresent(jws ->
                        leaves.put("prior-signed-voucher-request", b64(jws.getBytes(StandardCharsets.US_ASCII))));
        return write(REQUEST, leaves);
    }

    /**
     * Parses a voucher.
     *
     * @throws UntrustedInputException naming what is wrong
     */
    public static Voucher decodeVoucher(byte[] json) {
        JsonNode leaves = container(json, VOUCHER, VOUCHER_LEAVES);
        try {
            return new Voucher(
                    time(leaves, "created-on").orElseThrow(() -> missing("created-on")),
                    time(leaves, "expires-on"),
                    Voucher.Assertion.fromWire(text(leaves, "assertion").orElseThrow(() -> missing("assertion"))),
                    text(leaves, "serial-number").orElseThrow(() -> missing("serial-number")),
                    binary(leaves, "idevid-issuer"),
                    binary(leaves, "pinned-domain-cert").orElseThrow(() -> missing("pinned-domain-cert")),
                    bool(leaves, "domain-cert-revocation-checks"),
                    binary(leaves, "nonce"));
        } catch (IllegalArgumentException e) {
            throw new UntrustedInputException("voucher: " + e.getMessage());
        }
    }

    /**
     * Parses a voucher request.
     *
     * @throws UntrustedInputException naming what is wrong
     */
    public static VoucherRequest decodeRequest(byte[] json) {
        JsonNode leaves = container(json, REQUEST, REQUEST_LEAVES);
        try {
            return new VoucherRequest(
                    time(leaves, "created-on"),
                    text(leaves, "serial-number").orElseThrow(() -> missing("serial-number")),
                    binary(leaves, "nonce").orElseThrow(() -> missing("nonce")),
                    binary(leaves, "proximity-registrar-cert"),
                    binary(leaves, "prior-signed-voucher-request").map(b -> new String(b, StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException e) {
            throw new UntrustedInputException("voucher request: " + e.getMessage());
        }
    }

    private static JsonNode container(byte[] json, String name, Set<String> allowed) {
        if (json == null || json.length == 0 || json.length > MAX_BYTES) {
            throw new UntrustedInputException(name + ": expected 1.." + MAX_BYTES + " bytes of JSON");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new UntrustedInputException(name + ": not JSON");
        }
        if (root == null
                || !root.isObject()
                || root.size() != 1
                || !root.has(name)
                || !root.get(name).isObject()) {
            throw new UntrustedInputException("expected a JSON object with the one member \"" + name + "\"");
        }
        JsonNode leaves = root.get(name);
        for (Iterator<String> it = leaves.fieldNames(); it.hasNext(); ) {
            String leaf = it.next();
            if (!allowed.contains(leaf)) {
                throw new UntrustedInputException(name + ": unknown leaf \"" + leaf + "\"");
            }
        }
        return leaves;
    }

    private static Optional<String> text(JsonNode leaves, String name) {
        JsonNode n = leaves.get(name);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isTextual() || n.asText().isEmpty() || n.asText().length() > 8192) {
            throw new IllegalArgumentException(name + ": expected a non-empty string");
        }
        return Optional.of(n.asText());
    }

    private static Optional<Instant> time(JsonNode leaves, String name) {
        Optional<String> t = text(leaves, name);
        try {
            return t.map(s -> java.time.OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": not an RFC 3339 date-and-time");
        }
    }

    private static Optional<byte[]> binary(JsonNode leaves, String name) {
        Optional<String> t = text(leaves, name);
        try {
            return t.map(s -> Base64.getDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": not base64");
        }
    }

    private static Optional<Boolean> bool(JsonNode leaves, String name) {
        JsonNode n = leaves.get(name);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isBoolean()) {
            throw new IllegalArgumentException(name + ": expected true or false");
        }
        return Optional.of(n.asBoolean());
    }

    private static IllegalArgumentException missing(String leaf) {
        return new IllegalArgumentException(leaf + ": required");
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] write(String name, ObjectNode leaves) {
        ObjectNode root = JSON.createObjectNode();
        root.set(name, leaves);
        try {
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
