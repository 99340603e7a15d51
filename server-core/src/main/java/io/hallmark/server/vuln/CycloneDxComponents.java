package io.hallmark.server.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.core.UntrustedInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the components of a CycloneDX JSON SBOM, specification versions 1.4 to 1.7 ({@code bomFormat},
 * {@code specVersion}, {@code metadata.component}, {@code components[]} with their nested {@code components[]}):
 * each component's name, version and purl.
 */
public final class CycloneDxComponents {
    /** The most components read from one SBOM (nested ones included). */
    public static final int MAX_COMPONENTS = 100_000;

    private static final Set<String> SPECS = Set.of("1.4", "1.5", "1.6", "1.7");

    private CycloneDxComponents() {}

    /** The components, or {@link UntrustedInputException} when the document is not a CycloneDX 1.4-1.7 BOM. */
    public static List<Component> read(byte[] sbom) {
        JsonNode root = Json.object(Json.read(sbom, "sbom"), "sbom");
        if (!"CycloneDX".equals(Json.optText(root, "bomFormat", 32).orElse(""))) {
            throw new UntrustedInputException("sbom: bomFormat is not CycloneDX");
        }
        String spec = Json.optText(root, "specVersion", 16).orElse("");
        if (!SPECS.contains(spec)) {
            throw new UntrustedInputException("sbom: specVersion " + Notes.shorten(spec) + " (expected: 1.4 to 1.7)");
        }
        List<Component> out = new ArrayList<>();
        JsonNode meta = root.get("metadata");
        if (meta != null && meta.isObject() && meta.get("component") != null) {
            collect(List.of(meta.get("component")), out, 0);
        }
        collect(Json.array(root, "components", MAX_COMPONENTS), out, 0);
        return out;
    }

    private static void collect(List<JsonNode> components, List<Component> out, int depth) {
        if (depth > 16) {
            throw new UntrustedInputException("sbom: components nested more than 16 deep");
        }
        for (JsonNode c : components) {
            Json.object(c, "sbom: component");
            if (out.size() >= MAX_COMPONENTS) {
                throw new UntrustedInputException("sbom: more than " + MAX_COMPONENTS + " components");
            }
            String name = Json.optText(c, "name", 1024).orElse("");
            String version = Json.optText(c, "version", 1024).orElse("");
            Optional<String> purl = Json.optText(c, "purl", 2048);
            out.add(new Component(name, version, purl));
            collect(Json.array(c, "components", MAX_COMPONENTS), out, depth + 1);
        }
    }
}
