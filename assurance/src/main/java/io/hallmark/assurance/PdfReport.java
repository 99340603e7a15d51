package io.hallmark.assurance;

import io.hallmark.assurance.Assessment.Blocker;
import io.hallmark.assurance.Assessment.CatalogCoverage;
import io.hallmark.assurance.Assessment.Footnote;
import io.hallmark.assurance.Assessment.Risk;
import io.hallmark.assurance.Assessment.RiskLevel;
import io.hallmark.assurance.Assessment.SecurityLevel;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The PDF report (PDF 1.4, drawn with PDFBox): the same sections, in the same order, as {@link HtmlReport}: summary,
 * blockers, risk heat map, risk register, catalog coverage with bars and the entries carrying a verification mark,
 * IEC 62443 security levels, CRA readiness, findings, and the numbered notes on marked catalog entries (shown as
 * {@code [n]} after an entry, where the HTML report links a superscript).
 */
final class PdfReport {
    private static final float BODY = 9;
    private static final float SMALL = 7.5f;
    private static final Color OK = new Color(0xE3, 0xF3, 0xDF);
    private static final Color BLOCKED = new Color(0xFB, 0xE3, 0xE1);
    private static final Color HEADER = new Color(0xF0, 0xF0, 0xF0);
    private static final Color BAR = new Color(0x4A, 0x8F, 0x3C);
    private static final Color GAPS = new Color(0x8A, 0x1F, 0x11);

    private PdfReport() {}

    static byte[] render(Assessment a) {
        try (PdfPages p = new PdfPages("Assessment of " + a.product())) {
            p.heading("Assessment of " + a.product(), 18, 40);
            p.row(
                    new float[] {PdfPages.WIDTH},
                    new String[] {
                        "Vertical " + a.vertical() + ". Target level " + a.target() + ", reached level " + a.reached()
                                + ": " + (a.targetReached() ? "target reached." : "target blocked.")
                    },
                    new Color[] {a.targetReached() ? OK : BLOCKED},
                    false,
                    11);
            p.gap(6);
            blockers(p, a);
            heatMap(p, a);
            register(p, a);
            coverage(p, a);
            securityLevels(p, a);
            cra(p, a);
            findings(p, a);
            footnotes(p, a);
            return p.finish();
        }
    }

    /** The fill of a risk level, as in the HTML report's style sheet. */
    static Color fill(RiskLevel level) {
        return switch (level) {
            case NONE -> new Color(0xEE, 0xEE, 0xEE);
            case LOW -> new Color(0xCF, 0xE8, 0xC8);
            case MEDIUM -> new Color(0xFB, 0xE7, 0xA1);
            case HIGH -> new Color(0xF7, 0xB2, 0x6B);
            case CRITICAL -> new Color(0xE8, 0x66, 0x5C);
        };
    }

    private static void blockers(PdfPages p, Assessment a) {
        if (a.blockers().isEmpty()) {
            return;
        }
        p.heading("Why higher levels are blocked", 13, 40);
        float[] w = {40, 170, PdfPages.WIDTH - 210};
        header(p, w, "level", "rule", "reason");
        for (Blocker b : a.blockers()) {
            p.row(w, new String[] {b.level().name(), b.id(), b.reason()}, null, false, BODY);
        }
        p.gap(6);
    }

    private static void heatMap(PdfPages p, Assessment a) {
        Map<String, Integer> counts = new HashMap<>();
        for (Risk r : a.riskRegister()) {
            if (r.likelihood() > 0) {
                counts.merge(r.likelihood() + "x" + r.impact(), 1, Integer::sum);
            }
        }
        p.heading("Risk heat map", 13, 160);
        float first = 124;
        float cell = (PdfPages.WIDTH - first) / 5;
        float[] w = {first, cell, cell, cell, cell, cell};
        String[] head = new String[6];
        head[0] = "likelihood \\ impact";
        for (int i = 1; i <= 5; i++) {
            head[i] = HtmlReport.IMPACT[i];
        }
        p.row(w, head, new Color[] {HEADER, HEADER, HEADER, HEADER, HEADER, HEADER}, true, BODY);
        for (int l = 5; l >= 1; l--) {
            String[] cells = new String[6];
            Color[] fills = new Color[6];
            cells[0] = HtmlReport.LIKELIHOOD[l];
            fills[0] = HEADER;
            for (int i = 1; i <= 5; i++) {
                RiskLevel level = RiskMatrix.level(l, i);
                int n = counts.getOrDefault(l + "x" + i, 0);
                cells[i] = level.name() + (n > 0 ? "\n" + n + " threat" + (n > 1 ? "s" : "") : "");
                fills[i] = fill(level);
            }
            p.row(w, cells, fills, false, BODY);
        }
        p.gap(6);
    }

    private static void register(PdfPages p, Assessment a) {
        p.heading("Risk register", 13, 40);
        float[] w = {52, 130, 75, 50, 40, 55, PdfPages.WIDTH - 402};
        header(p, w, "threat", "title", "attack potential", "likelihood", "impact", "risk", "treatment");
        for (Risk r : a.riskRegister()) {
            AttackPotentialResult ap = r.attackPotential();
            String potential =
                    ap.exploitable() ? ap.value() + " (" + ap.rating().label() + ")" : "not exploitable";
            String treatment = String.join(", ", r.mitigations())
                    + (r.acceptance().isBlank()
                            ? ""
                            : (r.mitigations().isEmpty() ? "" : "; ") + "accepted: " + r.acceptance());
            p.row(
                    w,
                    new String[] {
                        r.threat(),
                        r.title(),
                        potential,
                        String.valueOf(r.likelihood()),
                        String.valueOf(r.impact()),
                        r.level().name(),
                        treatment
                    },
                    new Color[] {null, null, null, null, null, fill(r.level()), null},
                    false,
                    SMALL);
        }
        p.gap(6);
    }

    private static void coverage(PdfPages p, Assessment a) {
        Map<String, Integer> notes = new HashMap<>();
        for (Footnote f : a.footnotes()) {
            notes.put(f.catalog() + ":" + f.requirement(), f.number());
        }
        p.heading("Catalog coverage", 13, 60);
        for (CatalogCoverage c : a.coverage()) {
            int pct = c.mandatory() == 0 ? 100 : 100 * c.mandatorySatisfied() / c.mandatory();
            p.heading(c.catalog() + " " + c.version(), 11, 40);
            p.bar(300, pct / 100.0, BAR);
            p.text(
                    "Mandatory entries met or justified: " + c.mandatorySatisfied() + " of " + c.mandatory() + " ("
                            + pct + " %). All entries: " + c.met() + " met, " + c.notMet() + " not met, "
                            + c.notApplicable() + " not applicable, " + c.unclaimed() + " unclaimed, of "
                            + c.requirements() + ".",
                    BODY,
                    Color.BLACK);
            List<String> marked = new ArrayList<>();
            for (Footnote f : a.footnotes()) {
                if (f.catalog().equals(c.catalog())) {
                    marked.add(f.requirement() + " [" + f.number() + "]");
                }
            }
            if (!marked.isEmpty()) {
                p.text(
                        "Entries whose transcription is to be confirmed: " + String.join(", ", marked),
                        BODY,
                        Color.BLACK);
            }
            if (!c.gaps().isEmpty()) {
                List<String> gaps = new ArrayList<>();
                for (String id : c.gaps()) {
                    Integer n = notes.get(c.catalog() + ":" + id);
                    gaps.add(n == null ? id : id + " [" + n + "]");
                }
                p.text("Gaps: " + String.join(", ", gaps), BODY, GAPS);
            }
        }
    }

    private static void securityLevels(PdfPages p, Assessment a) {
        if (a.securityLevels().isEmpty()) {
            return;
        }
        p.heading("IEC 62443-4-2 security levels", 13, 40);
        float[] w = {40, 170, 40, 55, PdfPages.WIDTH - 305};
        header(p, w, "FR", "name", "SL-T", "achieved", "missing for the target");
        for (SecurityLevel s : a.securityLevels()) {
            Color c = s.achieved() >= s.target() ? OK : BLOCKED;
            p.row(
                    w,
                    new String[] {
                        s.fr(),
                        s.name(),
                        String.valueOf(s.target()),
                        String.valueOf(s.achieved()),
                        String.join(", ", s.missing())
                    },
                    new Color[] {c, c, c, c, c},
                    false,
                    BODY);
        }
        p.gap(6);
    }

    private static void cra(PdfPages p, Assessment a) {
        var c = a.cra();
        p.heading("CRA readiness (Regulation (EU) 2024/2847)", 13, 40);
        if (!c.assessed()) {
            p.text("Not assessed: the profile does not declare the CRA Annex I catalog.", BODY, Color.BLACK);
            return;
        }
        p.text(
                (c.ready() ? "Ready" : "Not ready") + ": " + c.met() + " met, " + c.notMet() + " not met, "
                        + c.notApplicable() + " not applicable, " + c.unclaimed() + " unclaimed.",
                BODY,
                Color.BLACK);
        p.text("Conformity assessment: " + c.conformityAssessment(), BODY, Color.BLACK);
        for (String g : c.gaps()) {
            p.text("- " + g, BODY, Color.BLACK);
        }
    }

    private static void findings(PdfPages p, Assessment a) {
        p.heading("Findings", 13, 40);
        float[] w = {52, 130, 95, 110, PdfPages.WIDTH - 387};
        header(p, w, "severity", "id", "subject", "expected", "actual");
        for (Finding f : a.findings()) {
            p.row(
                    w,
                    new String[] {f.severity().name(), f.id(), f.subject(), f.expected(), f.actual()},
                    null,
                    false,
                    SMALL);
        }
        p.gap(6);
    }

    private static void footnotes(PdfPages p, Assessment a) {
        if (a.footnotes().isEmpty()) {
            return;
        }
        p.heading("Notes on catalog entries", 13, 40);
        p.text(
                "These entries were transcribed from secondary sources and carry the catalog's verification mark;"
                        + " confirm them against the official text.",
                BODY,
                Color.BLACK);
        for (Footnote f : a.footnotes()) {
            p.text(
                    "[" + f.number() + "] " + f.catalog() + " " + f.requirement() + ": " + f.mark()
                            + (f.note().isBlank() ? "" : " (" + f.note() + ")"),
                    SMALL,
                    Color.BLACK);
        }
    }

    private static void header(PdfPages p, float[] widths, String... cells) {
        Color[] fills = new Color[cells.length];
        java.util.Arrays.fill(fills, HEADER);
        p.row(widths, cells, fills, true, BODY);
    }
}
