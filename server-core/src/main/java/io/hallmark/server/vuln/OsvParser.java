package io.hallmark.server.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.vuln.Advisory.Affected;
import io.hallmark.server.vuln.Advisory.Event;
import io.hallmark.server.vuln.Advisory.Kind;
import io.hallmark.server.vuln.Advisory.Range;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict import of OSV records (OSV schema 1.x, {@code https://ossf.github.io/osv-schema/}). A document is one record
 * (an object) or an array of records; each record is checked on its own and refused with a message naming it, so
 * one bad record never stops the others.
 *
 * <p>Checked beyond well-formedness: {@code id} and {@code modified} present; every range has a known type
 * ({@code SEMVER}, {@code ECOSYSTEM}, {@code GIT}), a {@code repo} when {@code GIT}, and events each holding exactly
 * one of {@code introduced}, {@code fixed}, {@code last_affected}, {@code limit}; at least one {@code introduced}
 * (schema: "events must contain an introduced object"); {@code fixed} and {@code last_affected} not both (schema:
 * "mutually exclusive"); no version named by two events of one range (a version cannot both open and close it);
 * a package has both {@code ecosystem} and {@code name}. Sizes are bounded throughout.
 *
 * <p>"Known exploited": a record is taken as exploited when one of its references points at CISA's Known Exploited
 * Vulnerabilities catalog ({@code cisa.gov/known-exploited-vulnerabilities}), or its {@code database_specific}
 * carries {@code "known_exploited": true} (for records an operator writes).
 */
public final class OsvParser {
    /** The most records one document may hold. */
    public static final int MAX_RECORDS = 100_000;

    /** The longest record kept (compact JSON characters). */
    public static final int MAX_RECORD_CHARS = 1_000_000;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:+-]{0,127}");
    private static final Set<String> RANGE_TYPES = Set.of("SEMVER", "ECOSYSTEM", "GIT");

    private OsvParser() {}

    /** Reads a document; a document that is not JSON at all is one refusal. */
    public static ImportResult<Advisory> parse(byte[] document, String source) {
        JsonNode root;
        try {
            root = Json.read(document, source);
        } catch (UntrustedInputException e) {
            return new ImportResult<>(List.of(), List.of(e.getMessage()));
        }
        List<JsonNode> records = new ArrayList<>();
        if (root.isArray()) {
            if (root.size() > MAX_RECORDS) {
                return new ImportResult<>(List.of(), List.of(source + ": more than " + MAX_RECORDS + " records"));
            }
            root.forEach(records::add);
        } else {
            records.add(root);
        }
        List<Advisory> ok = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode r = records.get(i);
            String name = source + (root.isArray() ? "[" + i + "]" : "");
            if (r.isObject() && r.get("id") != null && r.get("id").isTextual()) {
                name += " (" + Notes.shorten(r.get("id").textValue()) + ")";
            }
            try {
                ok.add(record(r));
            } catch (UntrustedInputException e) {
                refused.add(name + ": " + e.getMessage());
            }
        }
        return new ImportResult<>(ok, refused);
    }

    /** One stored record read again (it was checked on import), or {@link UntrustedInputException}. */
    public static Advisory stored(String json) {
        return record(Json.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "stored advisory"));
    }

    /** One record, or {@link UntrustedInputException} saying what is wrong. */
    static Advisory record(JsonNode r) {
        Json.object(r, "record");
        String id = Json.text(r, "id", 128);
        if (!ID.matcher(id).matches()) {
            throw new UntrustedInputException("id: not an OSV identifier");
        }
        String modified = Json.text(r, "modified", 64);
        List<String> aliases = Json.strings(r, "aliases", 1000, 128);
        String summary = Json.optText(r, "summary", 1024).orElse("");
        boolean withdrawn = Json.optText(r, "withdrawn", 64).isPresent();
        List<Affected> affected = new ArrayList<>();
        List<JsonNode> entries = Json.array(r, "affected", 10_000);
        for (int i = 0; i < entries.size(); i++) {
            try {
                affected.add(affected(entries.get(i)));
            } catch (UntrustedInputException e) {
                throw new UntrustedInputException("affected[" + i + "]." + e.getMessage());
            }
        }
        String json = r.toString();
        if (json.length() > MAX_RECORD_CHARS) {
            throw new UntrustedInputException("record: more than " + MAX_RECORD_CHARS + " characters of JSON");
        }
        return new Advisory(id, aliases, summary, modified, withdrawn, exploited(r), affected, json);
    }

    private static Affected affected(JsonNode a) {
        Json.object(a, "entry");
        String ecosystem = "";
        String name = "";
        Optional<String> purl = Optional.empty();
        JsonNode p = a.get("package");
        if (p != null) {
            Json.object(p, "package");
            ecosystem = Json.optText(p, "ecosystem", 128).orElse("");
            name = Json.optText(p, "name", 512).orElse("");
            if (ecosystem.isBlank() || name.isBlank()) {
                throw new UntrustedInputException("package: needs both ecosystem and name");
            }
            purl = Json.optText(p, "purl", 1024);
        }
        List<Range> ranges = new ArrayList<>();
        List<JsonNode> rs = Json.array(a, "ranges", 1000);
        for (int i = 0; i < rs.size(); i++) {
            try {
                ranges.add(range(rs.get(i)));
            } catch (UntrustedInputException e) {
                throw new UntrustedInputException("ranges[" + i + "]." + e.getMessage());
            }
        }
        List<String> versions = Json.strings(a, "versions", 100_000, 256);
        if (p == null && ranges.stream().noneMatch(r -> r.type().equals("GIT"))) {
            throw new UntrustedInputException("package: missing (needed unless the ranges are GIT)");
        }
        return new Affected(ecosystem, name, purl, ranges, versions);
    }

    private static Range range(JsonNode r) {
        Json.object(r, "range");
        String type = Json.text(r, "type", 16);
        if (!RANGE_TYPES.contains(type)) {
            throw new UntrustedInputException("type: " + Notes.shorten(type) + " (expected: SEMVER, ECOSYSTEM, GIT)");
        }
        Optional<String> repo = Json.optText(r, "repo", 1024);
        if (type.equals("GIT") && repo.isEmpty()) {
            throw new UntrustedInputException("repo: missing (required for GIT ranges)");
        }
        List<JsonNode> es = Json.array(r, "events", 10_000);
        List<Event> events = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode e : es) {
            Json.object(e, "events[]");
            if (e.size() != 1) {
                throw new UntrustedInputException(
                        "events: each event needs exactly one of introduced, fixed," + " last_affected, limit");
            }
            String field = e.fieldNames().next();
            Kind kind =
                    switch (field) {
                        case "introduced" -> Kind.INTRODUCED;
                        case "fixed" -> Kind.FIXED;
                        case "last_affected" -> Kind.LAST_AFFECTED;
                        case "limit" -> Kind.LIMIT;
                        default -> throw new UntrustedInputException("events: unknown event " + Notes.shorten(field));
                    };
            String v = Json.text(e, field, 256);
            if (v.isBlank()) {
                throw new UntrustedInputException("events: empty " + field);
            }
            if (!seen.add(v.toLowerCase(Locale.ROOT))) {
                throw new UntrustedInputException(
                        "events: " + Notes.shorten(v) + " named by more than one event" + " (events must be distinct)");
            }
            events.add(new Event(kind, v));
        }
        if (events.stream().noneMatch(e -> e.kind() == Kind.INTRODUCED)) {
            throw new UntrustedInputException("events: no introduced event (the schema requires one)");
        }
        if (events.stream().anyMatch(e -> e.kind() == Kind.FIXED)
                && events.stream().anyMatch(e -> e.kind() == Kind.LAST_AFFECTED)) {
            throw new UntrustedInputException("events: fixed and last_affected are mutually exclusive");
        }
        return new Range(type, repo, events);
    }

    private static boolean exploited(JsonNode r) {
        JsonNode db = r.get("database_specific");
        if (db != null
                && db.isObject()
                && db.path("known_exploited").isBoolean()
                && db.get("known_exploited").booleanValue()) {
            return true;
        }
        for (JsonNode ref : Json.array(r, "references", 10_000)) {
            JsonNode url = ref.get("url");
            if (url != null
                    && url.isTextual()
                    && url.textValue().matches("https://(www\\.)?cisa\\.gov/known-exploited-vulnerabilities.*")) {
                return true;
            }
        }
        return false;
    }
}
