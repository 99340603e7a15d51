package io.hallmark.server.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.vuln.VexStatement.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the product statuses of a CSAF 2.0 document (OASIS CSAF 2.0: §3.1 document, §3.2.2 product tree with its
 * branches, full product names and relationships, §3.2.3 vulnerabilities with {@code product_status}). A status
 * naming a product id missing from the product tree is refused, per statement; the other statements are kept.
 */
public final class CsafVexParser {
    private CsafVexParser() {}

    private record Product(String name, String productName, String version, Optional<String> purl) {}

    /** The statements, or {@link UntrustedInputException} when the document is not CSAF 2.0. */
    public static ImportResult<VexStatement> parse(byte[] document, String source) {
        JsonNode root = Json.object(Json.read(document, source), source);
        JsonNode doc = Json.object(root.get("document"), source + ": document");
        if (!"2.0".equals(Json.optText(doc, "csaf_version", 8).orElse(""))) {
            throw new UntrustedInputException(source + ": document.csaf_version is not 2.0");
        }
        Map<String, Product> products = new HashMap<>();
        JsonNode tree = root.get("product_tree");
        if (tree != null) {
            Json.object(tree, source + ": product_tree");
            branches(Json.array(tree, "branches", 10_000), "", "", products, 0);
            for (JsonNode p : Json.array(tree, "full_product_names", 100_000)) {
                product(p, "", "", products);
            }
            for (JsonNode r : Json.array(tree, "relationships", 100_000)) {
                if (r.get("full_product_name") != null) {
                    product(r.get("full_product_name"), "", "", products);
                }
            }
        }
        List<VexStatement> ok = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<JsonNode> vulns = Json.array(root, "vulnerabilities", 100_000);
        for (int i = 0; i < vulns.size(); i++) {
            JsonNode v = Json.object(vulns.get(i), "vulnerabilities[" + i + "]");
            String id = Json.optText(v, "cve", 64).orElseGet(() -> Json.array(v, "ids", 1000).stream()
                    .map(n -> n.path("text").asText(""))
                    .filter(s -> !s.isBlank())
                    .findFirst()
                    .orElse(""));
            if (id.isBlank()) {
                refused.add(source + ": vulnerabilities[" + i + "]: neither cve nor ids");
                continue;
            }
            JsonNode st = v.get("product_status");
            if (st == null || !st.isObject()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> e : st.properties()) {
                Status status = status(e.getKey());
                if (status == null) {
                    continue; // "recommended" says nothing about exposure
                }
                for (String pid : Json.strings(st, e.getKey(), 100_000, 256)) {
                    Product p = products.get(pid);
                    if (p == null) {
                        refused.add(source + ": " + Notes.shorten(id) + ": product_status." + e.getKey() + " names "
                                + Notes.shorten(pid) + ", which is not in the product tree");
                        continue;
                    }
                    ok.add(new VexStatement(id, pid, p.name(), p.productName(), p.version(), p.purl(), status));
                }
            }
        }
        return new ImportResult<>(ok, refused);
    }

    private static Status status(String key) {
        return switch (key) {
            case "known_affected", "first_affected", "last_affected" -> Status.AFFECTED;
            case "known_not_affected" -> Status.NOT_AFFECTED;
            case "fixed", "first_fixed" -> Status.FIXED;
            case "under_investigation" -> Status.UNDER_INVESTIGATION;
            default -> null;
        };
    }

    /** §3.1.2 branches: categories {@code product_name} and {@code product_version} name the product. */
    private static void branches(
            List<JsonNode> branches, String productName, String version, Map<String, Product> out, int depth) {
        if (depth > 30) {
            throw new UntrustedInputException("product_tree: branches nested more than 30 deep");
        }
        for (JsonNode b : branches) {
            Json.object(b, "branch");
            String category = Json.optText(b, "category", 64).orElse("");
            String name = Json.optText(b, "name", 1024).orElse("");
            String pn = category.equals("product_name") ? name : productName;
            String pv = category.equals("product_version") ? name : version;
            if (b.get("product") != null) {
                product(b.get("product"), pn, pv, out);
            }
            branches(Json.array(b, "branches", 10_000), pn, pv, out, depth + 1);
        }
    }

    private static void product(JsonNode p, String productName, String version, Map<String, Product> out) {
        Json.object(p, "product");
        String id = Json.text(p, "product_id", 256);
        String name = Json.optText(p, "name", 1024).orElse("");
        Optional<String> purl = Optional.empty();
        JsonNode helper = p.get("product_identification_helper");
        if (helper != null && helper.isObject()) {
            purl = Json.optText(helper, "purl", 2048);
        }
        out.put(id, new Product(name, productName, version, purl));
    }
}
