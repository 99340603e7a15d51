package io.hallmark.assurance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hallmark.assurance.AttackPotentialResult.Rating;
import io.hallmark.core.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The requirement catalogs and the attack potential table, loaded from the versioned files under
 * {@code io/hallmark/assurance/catalogs/} that {@code index.yaml} lists.
 *
 * <p>A catalog is never edited in place: a new version is a new file, so several versions of one catalog can sit
 * side by side; {@link #versions(String)} lists them and {@link #find(String, String)} picks one. Loading refuses a
 * file whose catalog id and version another file already has, and a catalog with a duplicate entry id.
 */
final class Catalogs {
    private static final String ROOT = "io/hallmark/assurance/catalogs/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, Catalog> byKey;
    private final AttackPotentialTable attackPotential;

    private Catalogs(Map<String, Catalog> byKey, AttackPotentialTable attackPotential) {
        this.byKey = Collections.unmodifiableSortedMap(new TreeMap<>(byKey));
        this.attackPotential = Checks.notNull(attackPotential, "attack potential table");
    }

    /** The catalogs shipped with Hallmark, loaded once. */
    static Catalogs builtIn() {
        return BuiltIn.INSTANCE;
    }

    private static final class BuiltIn {
        static final Catalogs INSTANCE = loadBuiltIn();
    }

    private static Catalogs loadBuiltIn() {
        JsonNode index = readResource("index.yaml");
        Map<String, String> texts = new LinkedHashMap<>();
        for (JsonNode file : index.path("files")) {
            texts.put(file.asText(), resourceText(file.asText()));
        }
        return parse(texts);
    }

    /**
     * Parses catalog files.
     *
     * @param files file name to YAML text
     * @throws IllegalArgumentException for a duplicate catalog version or entry id, or a malformed file
     */
    static Catalogs parse(Map<String, String> files) {
        Map<String, Catalog> byKey = new TreeMap<>();
        AttackPotentialTable table = null;
        for (Map.Entry<String, String> file : files.entrySet()) {
            JsonNode root;
            try {
                root = YAML.readTree(file.getValue());
            } catch (IOException e) {
                throw new IllegalArgumentException("catalog file " + file.getKey() + ": not YAML", e);
            }
            String kind = text(root, "kind", file.getKey());
            if (kind.equals("attack-potential")) {
                Checks.check(table == null, "attack potential table", file.getKey(), "only one");
                table = attackPotential(root, file.getKey());
                continue;
            }
            Catalog c = catalog(root, file.getKey());
            Checks.check(byKey.putIfAbsent(c.key(), c) == null, "catalog", c.key(), "one file per catalog version");
        }
        return new Catalogs(byKey, table);
    }

    /** The catalog {@code id} at {@code version}. */
    Optional<Catalog> find(String id, String version) {
        return Optional.ofNullable(byKey.get(id + "@" + version));
    }

    /** The versions of catalog {@code id} that are loaded, sorted; empty for an unknown id. */
    List<String> versions(String id) {
        List<String> out = new ArrayList<>();
        for (Catalog c : byKey.values()) {
            if (c.id().equals(id)) {
                out.add(c.version());
            }
        }
        return out;
    }

    /** Every loaded catalog, sorted by id and version. */
    List<Catalog> all() {
        return List.copyOf(byKey.values());
    }

    /** The ISO/IEC 18045 attack potential table. */
    AttackPotentialTable attackPotential() {
        return attackPotential;
    }

    private static Catalog catalog(JsonNode root, String file) {
        String id = text(root, "catalog", file);
        List<Requirement> requirements = new ArrayList<>();
        for (JsonNode r : root.path("requirements")) {
            requirements.add(requirement(id, r, file));
        }
        Checks.check(!requirements.isEmpty(), "requirements of " + file, 0, "at least one");
        try {
            return new Catalog(
                    id,
                    text(root, "version", file),
                    text(root, "title", file),
                    root.path("verification_note").asText(""),
                    requirements);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("catalog file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Requirement requirement(String catalog, JsonNode r, String file) {
        Verification verification = Verification.VERIFIED;
        if (r.path("verify").asBoolean(false)) {
            verification = Verification.VERIFY;
        }
        String mark = r.path("verification").asText("verified");
        switch (mark) {
            case "verified" -> {}
            case "inferred" -> verification = Verification.INFERRED;
            case "UNVERIFIED" -> verification = Verification.UNVERIFIED;
            default ->
                throw new IllegalArgumentException(
                        file + ": verification: " + mark + " (expected: verified, inferred or UNVERIFIED)");
        }
        int minSl = -1;
        if (r.has("min_sl")) {
            minSl = r.get("min_sl").isNull() ? 0 : r.get("min_sl").asInt();
        }
        return new Requirement(
                catalog,
                text(r, "id", file),
                r.path("section").asText(""),
                r.path("status").asText(""),
                minSl,
                text(r, "title", file),
                verification,
                r.path("note").asText(""));
    }

    private static AttackPotentialTable attackPotential(JsonNode root, String file) {
        Map<String, Map<String, Integer>> factors = new LinkedHashMap<>();
        for (JsonNode f : root.path("factors")) {
            Map<String, Integer> levels = new LinkedHashMap<>();
            for (JsonNode l : f.path("levels")) {
                JsonNode v = l.get("value");
                Integer value = v == null || v.isNull() ? null : v.asInt();
                Checks.check(
                        !levels.containsKey(text(l, "id", file)),
                        "level id",
                        l.path("id").asText(),
                        "unique in factor");
                levels.put(text(l, "id", file), value);
            }
            Checks.check(factors.put(text(f, "id", file), levels) == null, "factor id", f.path("id"), "unique");
        }
        List<AttackPotentialTable.Band> bands = new ArrayList<>();
        for (JsonNode b : root.path("ratings")) {
            Integer max = b.path("max").isNull() || b.path("max").isMissingNode()
                    ? null
                    : b.path("max").asInt();
            bands.add(
                    new AttackPotentialTable.Band(b.path("min").asInt(), max, Rating.ofLabel(text(b, "rating", file))));
        }
        Map<String, Rating> avaVan = new LinkedHashMap<>();
        for (JsonNode a : root.path("ava_van")) {
            avaVan.put(text(a, "component", file), Rating.ofLabel(text(a, "resists", file)));
        }
        return new AttackPotentialTable(text(root, "version", file), factors, bands, avaVan);
    }

    private static String text(JsonNode node, String field, String file) {
        JsonNode v = node.get(field);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw new IllegalArgumentException("catalog file " + file + ": " + field + ": missing (expected: text)");
        }
        return v.asText();
    }

    private static JsonNode readResource(String name) {
        try {
            return YAML.readTree(resourceText(name));
        } catch (IOException e) {
            throw new UncheckedIOException("catalog resource " + name, e);
        }
    }

    private static String resourceText(String name) {
        try (InputStream in = Catalogs.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            Checks.checkState(in != null, "catalog resource", ROOT + name, "on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("catalog resource " + name, e);
        }
    }
}
