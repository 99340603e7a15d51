package io.hallmark.server.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.core.UntrustedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How severe an advisory says it is: its CVSS vectors (OSV schema {@code severity[]}, types {@code CVSS_V3} and
 * {@code CVSS_V4}) with the v3 base score computed ({@link Cvss3}), and else the database's own rating
 * ({@code database_specific.severity}, GitHub's LOW, MODERATE, HIGH, CRITICAL).
 *
 * @param cvss the vectors as given, {@code type vector} each, with the v3 base score when it could be computed
 * @param baseScore the highest CVSS v3 base score, if any vector gave one
 * @param severity low, medium, high, critical, or unknown
 */
public record AdvisoryRating(List<String> cvss, Optional<Double> baseScore, String severity) {
    /** Copies the list. */
    public AdvisoryRating {
        cvss = List.copyOf(cvss);
    }

    /** The rating of an advisory as imported (its OSV record's JSON); a vector that does not parse is shown as is. */
    public static AdvisoryRating of(String json) {
        JsonNode r;
        try {
            r = Json.read(json.getBytes(StandardCharsets.UTF_8), "stored advisory");
        } catch (UntrustedInputException e) {
            return new AdvisoryRating(List.of(), Optional.empty(), "unknown");
        }
        List<String> vectors = new ArrayList<>();
        Double best = null;
        for (JsonNode s : r.path("severity")) {
            String type = s.path("type").asText("");
            String score = s.path("score").asText("");
            if (type.isEmpty() || score.isEmpty() || vectors.size() >= 8) {
                continue;
            }
            String shown = Notes.shorten(type + " " + score);
            if (type.equals("CVSS_V3")) {
                try {
                    Cvss3 c = Cvss3.parse(score);
                    shown += " (base score " + c.baseScore() + ")";
                    best = best == null ? c.baseScore() : Math.max(best, c.baseScore());
                } catch (UntrustedInputException e) {
                    shown += " (not a valid CVSS v3 vector)";
                }
            }
            vectors.add(shown);
        }
        String severity;
        if (best != null) {
            severity = Cvss3.rating(best);
        } else {
            severity = switch (r.path("database_specific")
                    .path("severity")
                    .asText("")
                    .toUpperCase(Locale.ROOT)) {
                case "LOW" -> "low";
                case "MODERATE", "MEDIUM" -> "medium";
                case "HIGH" -> "high";
                case "CRITICAL" -> "critical";
                default -> "unknown";
            };
        }
        return new AdvisoryRating(vectors, Optional.ofNullable(best), severity);
    }
}
