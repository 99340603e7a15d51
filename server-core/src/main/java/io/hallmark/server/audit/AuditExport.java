package io.hallmark.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hallmark.core.UntrustedInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit export format: JSON Lines, one object per line.
 *
 * <ul>
 *   <li>{@code {"type":"entry", <the hashed fields>, "contentHash":..., "hash":...}} for an entry;
 *   <li>{@code {"type":"entry", "seq":..., "redacted":true, "contentHash":..., "hash":...}} for an entry withheld
 *       from the reader (another organization's), which still chains;
 *   <li>{@code {"type":"checkpoint", "seq":..., "head":..., "time":..., "jws":...}} for a signed checkpoint.
 * </ul>
 *
 * Entries appear in ascending sequence; checkpoints may appear anywhere. {@link #verifyFile} checks a file offline
 * with only the audit public key.
 */
public final class AuditExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditExport() {}

    /** One line for an entry, in full. */
    public static String entryLine(AuditEntry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "entry");
        for (Map.Entry<String, Object> f :
                AuditChain.contentFields(e.seq(), e.time(), e.record()).entrySet()) {
            n.putPOJO(f.getKey(), f.getValue());
        }
        n.put("contentHash", AuditChain.contentHash(e.seq(), e.time(), e.record()));
        n.put("hash", e.hash());
        return write(n);
    }

    /** One line for an entry withheld from the reader. */
    public static String redactedLine(AuditEntry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "entry");
        n.put("seq", e.seq());
        n.put("redacted", true);
        n.put("contentHash", AuditChain.contentHash(e.seq(), e.time(), e.record()));
        n.put("hash", e.hash());
        return write(n);
    }

    /** One line for a checkpoint. */
    public static String checkpointLine(AuditCheckpoint c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "checkpoint");
        n.put("seq", c.seq());
        n.put("head", c.head());
        n.put("time", AuditChain.formatTime(c.time()));
        n.put("jws", c.jws());
        return write(n);
    }

    /** Verifies an export file with the audit public key: two passes, checkpoints first, then entries. */
    public static AuditVerification verifyFile(Path file, PublicKey key) {
        try {
            List<AuditCheckpoint> checkpoints = new ArrayList<>();
            List<String> early = new ArrayList<>();
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                long lineNo = 0;
                while ((line = r.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        JsonNode n = JSON.readTree(line);
                        if (n != null && "checkpoint".equals(text(n, "type"))) {
                            checkpoints.add(parseCheckpoint(n));
                        }
                    } catch (JsonProcessingException | UntrustedInputException e) {
                        early.add("line " + lineNo + ": " + e.getMessage());
                    }
                }
            }
            AuditChainVerifier verifier = new AuditChainVerifier(checkpoints, key);
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                long lineNo = 0;
                long lastSeq = 0;
                while ((line = r.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        JsonNode n = JSON.readTree(line);
                        if (n == null || !n.isObject()) {
                            throw new UntrustedInputException("not a JSON object");
                        }
                        String type = text(n, "type");
                        if ("entry".equals(type)) {
                            ExportedEntry e = parseEntry(n);
                            lastSeq = e.seq();
                            verifier.accept(e);
                        } else if (!"checkpoint".equals(type)) {
                            throw new UntrustedInputException("unknown type " + type);
                        }
                    } catch (JsonProcessingException | UntrustedInputException e) {
                        verifier.malformed(lastSeq + 1, "line " + lineNo + ": " + safeMessage(e));
                    }
                }
            }
            return verifier.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("audit export " + file + " cannot be read", e);
        }
    }

    /** Parses one entry line (full or redacted). */
    public static ExportedEntry parseEntry(JsonNode n) {
        long seq = number(n, "seq");
        String contentHash = text(n, "contentHash");
        String hash = text(n, "hash");
        if (n.path("redacted").asBoolean(false)) {
            return new ExportedEntry(seq, Optional.empty(), contentHash, hash);
        }
        AuditRecord record = new AuditRecord(
                text(n, "actor"),
                optional(n, "org"),
                text(n, "action"),
                optional(n, "target"),
                parse(() -> Outcome.fromWire(text(n, "outcome")), "outcome"),
                optional(n, "reason"),
                optional(n, "requestId"),
                parse(() -> Severity.fromWire(text(n, "severity")), "severity"),
                optional(n, "breakGlass"));
        Instant time = parse(() -> Instant.parse(text(n, "time")), "time");
        if (!AuditChain.formatTime(time).equals(text(n, "time"))) {
            // the text is hashed as written; a different rendering of the same instant is a change
            throw new UntrustedInputException("time: not in the hashed form");
        }
        if (n.path("v").asInt(-1) != AuditChain.VERSION) {
            throw new UntrustedInputException("v: unsupported version");
        }
        try {
            return new ExportedEntry(seq, Optional.of(new AuditEntry(seq, time, record, hash)), contentHash, hash);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UntrustedInputException("entry " + seq + ": " + e.getMessage(), e);
        }
    }

    static AuditCheckpoint parseCheckpoint(JsonNode n) {
        try {
            return new AuditCheckpoint(
                    number(n, "seq"),
                    text(n, "head"),
                    parse(() -> Instant.parse(text(n, "time")), "time"),
                    text(n, "jws"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UntrustedInputException("checkpoint: " + e.getMessage(), e);
        }
    }

    private static <T> T parse(java.util.function.Supplier<T> s, String field) {
        try {
            return s.get();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new UntrustedInputException(field + ": not valid", e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new UntrustedInputException(field + ": missing or not a string");
        }
        return v.asText();
    }

    private static Optional<String> optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new UntrustedInputException(field + ": not a string");
        }
        return Optional.of(v.asText());
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || v.asLong() <= 0) {
            throw new UntrustedInputException(field + ": missing or not a positive integer");
        }
        return v.asLong();
    }

    private static String safeMessage(Exception e) {
        if (e instanceof JsonProcessingException j) {
            return "not valid JSON (" + j.getOriginalMessage() + ")";
        }
        return e.getMessage();
    }

    private static String write(ObjectNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
