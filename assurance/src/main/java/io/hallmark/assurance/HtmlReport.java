package io.hallmark.assurance;

import io.hallmark.assurance.Assessment.Blocker;
import io.hallmark.assurance.Assessment.CatalogCoverage;
import io.hallmark.assurance.Assessment.Footnote;
import io.hallmark.assurance.Assessment.Risk;
import io.hallmark.assurance.Assessment.RiskLevel;
import io.hallmark.assurance.Assessment.SecurityLevel;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report: one self-contained page, no script, all styling in one {@code <style>} element (no inline style
 * attributes), a risk heat map, coverage bars, and footnotes for catalog entries whose transcription carries a
 * verification mark.
 */
final class HtmlReport {
    static final String[] LIKELIHOOD = {
        "",
        "1 rare (Beyond-High)",
        "2 unlikely (High)",
        "3 possible (Moderate)",
        "4 likely (Enhanced-Basic)",
        "5 almost certain (Basic)"
    };
    static final String[] IMPACT = {"", "1 negligible", "2 minor", "3 moderate", "4 major", "5 severe"};

    private HtmlReport() {}

    static String render(Assessment a) {
        StringBuilder h = new StringBuilder(16 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Assessment of ")
                .append(esc(a.product()))
                .append("</title>\n<style>\n")
                .append(css())
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>Assessment of ").append(esc(a.product())).append("</h1>\n");
        h.append("<p class=\"summary ")
                .append(a.targetReached() ? "ok" : "blocked")
                .append("\">Vertical ")
                .append(esc(a.vertical()))
                .append(". Target level <b>")
                .append(a.target())
                .append("</b>, reached level <b>")
                .append(a.reached())
                .append("</b>: ")
                .append(a.targetReached() ? "target reached." : "target blocked.")
                .append("</p>\n");
        blockers(h, a);
        heatMap(h, a);
        register(h, a);
        coverage(h, a);
        securityLevels(h, a);
        cra(h, a);
        findings(h, a);
        footnotes(h, a);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void blockers(StringBuilder h, Assessment a) {
        if (a.blockers().isEmpty()) {
            return;
        }
        h.append(
                "<h2>Why higher levels are blocked</h2>\n<table>\n<tr><th>level</th><th>rule</th><th>reason</th></tr>\n");
        for (Blocker b : a.blockers()) {
            row(h, b.level().name(), b.id(), b.reason());
        }
        h.append("</table>\n");
    }

    private static void heatMap(StringBuilder h, Assessment a) {
        Map<String, Integer> counts = new HashMap<>();
        for (Risk r : a.riskRegister()) {
            if (r.likelihood() > 0) {
                counts.merge(r.likelihood() + "x" + r.impact(), 1, Integer::sum);
            }
        }
        h.append("<h2>Risk heat map</h2>\n<table class=\"heat\">\n<tr><th>likelihood \\ impact</th>");
        for (int i = 1; i <= 5; i++) {
            h.append("<th>").append(IMPACT[i]).append("</th>");
        }
        h.append("</tr>\n");
        for (int l = 5; l >= 1; l--) {
            h.append("<tr><th>").append(LIKELIHOOD[l]).append("</th>");
            for (int i = 1; i <= 5; i++) {
                RiskLevel level = RiskMatrix.level(l, i);
                int n = counts.getOrDefault(l + "x" + i, 0);
                h.append("<td class=\"")
                        .append(level.name().toLowerCase(Locale.ROOT))
                        .append("\">")
                        .append(level.name())
                        .append(n > 0 ? "<br><b>" + n + " threat" + (n > 1 ? "s" : "") + "</b>" : "")
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void register(StringBuilder h, Assessment a) {
        h.append("<h2>Risk register</h2>\n<table>\n<tr><th>threat</th><th>title</th><th>attack potential</th>"
                + "<th>likelihood</th><th>impact</th><th>risk</th><th>treatment</th></tr>\n");
        for (Risk r : a.riskRegister()) {
            AttackPotentialResult ap = r.attackPotential();
            String potential =
                    ap.exploitable() ? ap.value() + " (" + ap.rating().label() + ")" : "not exploitable";
            String treatment = String.join(", ", r.mitigations())
                    + (r.acceptance().isBlank()
                            ? ""
                            : (r.mitigations().isEmpty() ? "" : "; ") + "accepted: " + r.acceptance());
            h.append("<tr><td>")
                    .append(esc(r.threat()))
                    .append("</td><td>")
                    .append(esc(r.title()))
                    .append("</td><td>")
                    .append(esc(potential))
                    .append("</td><td>")
                    .append(r.likelihood())
                    .append("</td><td>")
                    .append(r.impact())
                    .append("</td><td class=\"")
                    .append(r.level().name().toLowerCase(Locale.ROOT))
                    .append("\">")
                    .append(r.level().name())
                    .append("</td><td>")
                    .append(esc(treatment))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void coverage(StringBuilder h, Assessment a) {
        Map<String, Integer> notes = new HashMap<>();
        for (Footnote f : a.footnotes()) {
            notes.put(f.catalog() + ":" + f.requirement(), f.number());
        }
        h.append("<h2>Catalog coverage</h2>\n");
        for (CatalogCoverage c : a.coverage()) {
            int pct = c.mandatory() == 0 ? 100 : 100 * c.mandatorySatisfied() / c.mandatory();
            h.append("<h3>")
                    .append(esc(c.catalog()))
                    .append(" ")
                    .append(esc(c.version()))
                    .append("</h3>\n<div class=\"bar\"><div class=\"fill w")
                    .append(pct / 5 * 5)
                    .append("\"></div></div>\n<p>Mandatory entries met or justified: ")
                    .append(c.mandatorySatisfied())
                    .append(" of ")
                    .append(c.mandatory())
                    .append(" (")
                    .append(pct)
                    .append(" %). All entries: ")
                    .append(c.met())
                    .append(" met, ")
                    .append(c.notMet())
                    .append(" not met, ")
                    .append(c.notApplicable())
                    .append(" not applicable, ")
                    .append(c.unclaimed())
                    .append(" unclaimed, of ")
                    .append(c.requirements())
                    .append(".</p>\n");
            StringBuilder marked = new StringBuilder();
            for (Footnote f : a.footnotes()) {
                if (f.catalog().equals(c.catalog())) {
                    marked.append(marked.isEmpty() ? "" : ", ")
                            .append(esc(f.requirement()))
                            .append("<sup><a href=\"#fn")
                            .append(f.number())
                            .append("\">")
                            .append(f.number())
                            .append("</a></sup>");
                }
            }
            if (!marked.isEmpty()) {
                h.append("<p>Entries whose transcription is to be confirmed: ")
                        .append(marked)
                        .append("</p>\n");
            }
            if (!c.gaps().isEmpty()) {
                h.append("<p class=\"gaps\">Gaps: ");
                boolean first = true;
                for (String id : c.gaps()) {
                    h.append(first ? "" : ", ").append(esc(id));
                    Integer n = notes.get(c.catalog() + ":" + id);
                    if (n != null) {
                        h.append("<sup><a href=\"#fn")
                                .append(n)
                                .append("\">")
                                .append(n)
                                .append("</a></sup>");
                    }
                    first = false;
                }
                h.append("</p>\n");
            }
        }
    }

    private static void securityLevels(StringBuilder h, Assessment a) {
        if (a.securityLevels().isEmpty()) {
            return;
        }
        h.append("<h2>IEC 62443-4-2 security levels</h2>\n<table>\n"
                + "<tr><th>FR</th><th>name</th><th>SL-T</th><th>achieved</th><th>missing for the target</th></tr>\n");
        for (SecurityLevel s : a.securityLevels()) {
            h.append("<tr class=\"")
                    .append(s.achieved() >= s.target() ? "ok" : "blocked")
                    .append("\">");
            h.append("<td>")
                    .append(s.fr())
                    .append("</td><td>")
                    .append(esc(s.name()))
                    .append("</td><td>");
            h.append(s.target()).append("</td><td>").append(s.achieved()).append("</td><td>");
            h.append(esc(String.join(", ", s.missing()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void cra(StringBuilder h, Assessment a) {
        var c = a.cra();
        h.append("<h2>CRA readiness (Regulation (EU) 2024/2847)</h2>\n<p>");
        if (!c.assessed()) {
            h.append("Not assessed: the profile does not declare the CRA Annex I catalog.</p>\n");
            return;
        }
        h.append(c.ready() ? "Ready" : "Not ready")
                .append(": ")
                .append(c.met())
                .append(" met, ")
                .append(c.notMet())
                .append(" not met, ")
                .append(c.notApplicable())
                .append(" not applicable, ")
                .append(c.unclaimed())
                .append(" unclaimed.</p>\n<p>Conformity assessment: ")
                .append(esc(c.conformityAssessment()))
                .append("</p>\n");
        if (!c.gaps().isEmpty()) {
            h.append("<ul>\n");
            for (String g : c.gaps()) {
                h.append("<li>").append(esc(g)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
    }

    private static void findings(StringBuilder h, Assessment a) {
        h.append("<h2>Findings</h2>\n<table>\n<tr><th>severity</th><th>id</th><th>subject</th><th>expected</th>"
                + "<th>actual</th></tr>\n");
        for (Finding f : a.findings()) {
            row(h, f.severity().name(), f.id(), f.subject(), f.expected(), f.actual());
        }
        h.append("</table>\n");
    }

    private static void footnotes(StringBuilder h, Assessment a) {
        if (a.footnotes().isEmpty()) {
            return;
        }
        h.append("<h2>Notes on catalog entries</h2>\n<p>These entries were transcribed from secondary sources and"
                + " carry the catalog's verification mark; confirm them against the official text.</p>\n<ol>\n");
        for (Footnote f : a.footnotes()) {
            h.append("<li id=\"fn")
                    .append(f.number())
                    .append("\">")
                    .append(esc(f.catalog()))
                    .append(" ")
                    .append(esc(f.requirement()))
                    .append(": <code>")
                    .append(esc(f.mark()))
                    .append("</code>")
                    .append(f.note().isBlank() ? "" : " (" + esc(f.note()) + ")")
                    .append("</li>\n");
        }
        h.append("</ol>\n");
    }

    private static void row(StringBuilder h, String... cells) {
        h.append("<tr>");
        for (String c : cells) {
            h.append("<td>").append(esc(c)).append("</td>");
        }
        h.append("</tr>\n");
    }

    private static String css() {
        StringBuilder c = new StringBuilder("""
                body { font-family: sans-serif; margin: 2em; color: #222; }
                table { border-collapse: collapse; margin: 1em 0; }
                th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
                .heat td { text-align: center; width: 8em; }
                .none { background: #eee; }
                .low { background: #cfe8c8; }
                .medium { background: #fbe7a1; }
                .high { background: #f7b26b; }
                .critical { background: #e8665c; color: #fff; }
                .summary { padding: 0.6em; border: 1px solid #bbb; }
                .summary.ok, tr.ok { background: #e3f3df; }
                .summary.blocked, tr.blocked { background: #fbe3e1; }
                .bar { width: 30em; height: 1em; background: #eee; border: 1px solid #bbb; }
                .fill { height: 100%; background: #4a8f3c; }
                .gaps { color: #8a1f11; }
                """);
        for (int w = 0; w <= 100; w += 5) {
            c.append(".w").append(w).append(" { width: ").append(w).append("%; }\n");
        }
        return c.toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
