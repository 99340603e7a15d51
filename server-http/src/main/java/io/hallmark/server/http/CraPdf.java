package io.hallmark.server.http;

import io.hallmark.protocol.v1.CraReportView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A CRA report as PDF, drawn directly with PDFBox on A4 pages in the standard Helvetica fonts: the same content as
 * the JSON export (docs/cra.md), laid out for a person. Text outside Latin-1 is shown as {@code ?} (the standard
 * fonts' WinAnsi encoding has nothing else).
 */
final class CraPdf {
    private static final float MARGIN = 50;
    private static final float SIZE = 10;
    private static final float LEADING = 13;
    private static final int WRAP = 100;

    private final PDDocument doc = new PDDocument();
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private PDPageContentStream out;
    private float y;

    private CraPdf() {}

    /** The report as a PDF document. */
    static byte[] render(CraReportView r) {
        CraPdf p = new CraPdf();
        try {
            return p.draw(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] draw(CraReportView r) throws IOException {
        try (doc) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("CRA " + r.stage() + " report, case " + r.caseId());
            info.setProducer("Hallmark");
            Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            created.setTimeInMillis(java.time.Instant.parse(r.generatedAt()).toEpochMilli());
            info.setCreationDate(created);
            newPage();
            line(bold, 14, "Cyber Resilience Act report: " + r.stage() + " (" + r.status() + ")");
            y -= 4;
            field("Schema", r.schema());
            field("Case", r.caseId());
            field(
                    "Manufacturer",
                    r.manufacturer().name() + " (" + r.manufacturer().id() + ")");
            field("Kind", r.kind());
            field("Aware at", r.awareAt());
            field("Due", r.due() == null ? "not yet (" + r.basis() + ")" : r.due() + " (" + r.basis() + ")");
            field("Drafted at", r.generatedAt());
            if (r.submittedAt() != null) {
                field("Submitted at", r.submittedAt() + " by " + r.submittedBy());
            }
            section("What this report must contain");
            text(r.requirements());
            section("Summary");
            text(r.summary());
            if (r.vulnerability() != null) {
                CraReportView.Vulnerability v = r.vulnerability();
                section("Vulnerability");
                field("Advisory", v.advisory());
                field("Aliases", v.aliases().isEmpty() ? "none" : String.join(", ", v.aliases()));
                field("Title", v.title());
                field("Actively exploited", v.exploited() ? "yes (per the advisory)" : "not per the advisory");
                field(
                        "Severity",
                        v.severity() + (v.baseScore() == null ? "" : " (CVSS base score " + v.baseScore() + ")"));
                for (String c : v.cvss()) {
                    field("CVSS", c);
                }
            }
            if (r.incident() != null) {
                CraReportView.Incident i = r.incident();
                section("Incident");
                field("Incident", i.id() + " (" + i.kind() + ": " + i.subject() + ")");
                field("Severity", i.severity() + ", " + i.state());
                field("Began", i.openedAt());
                field("Alerts", i.alerts() + " on " + i.devices() + " devices");
            }
            section("Affected products");
            if (r.products().isEmpty()) {
                text("none known");
            }
            for (CraReportView.Product p : r.products()) {
                text(p.product() + " " + p.version() + ": " + p.devices() + " devices"
                        + (p.components().isEmpty() ? "" : "; components " + String.join(", ", p.components())));
            }
            field("Devices affected", Long.toString(r.devices()));
            field("Countries", r.countries());
            section("Corrective and mitigating measures");
            if (r.mitigations().isEmpty()) {
                text("none available yet");
            }
            for (String m : r.mitigations()) {
                text("- " + m);
            }
            for (CraReportView.Rollout o : r.rollouts()) {
                text("- rollout " + o.id() + " of release " + o.release()
                        + (o.version() == null ? "" : " " + o.version())
                        + ": " + o.state() + ", " + o.installed() + " of " + o.total() + " devices installed, "
                        + o.failed() + " failed");
            }
            if (!r.notes().isEmpty()) {
                section("Notes");
                for (String n : r.notes()) {
                    text("- " + n);
                }
            }
            out.close();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        }
    }

    private void newPage() throws IOException {
        if (out != null) {
            out.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        out = new PDPageContentStream(doc, page);
        y = page.getMediaBox().getHeight() - MARGIN;
    }

    private void section(String title) throws IOException {
        y -= 6;
        line(bold, 12, title);
    }

    private void field(String name, String value) throws IOException {
        List<String> lines = wrap(name + ": " + (value == null ? "" : value));
        for (String l : lines) {
            line(regular, SIZE, l);
        }
    }

    private void text(String value) throws IOException {
        for (String l : wrap(value == null ? "" : value)) {
            line(regular, SIZE, l);
        }
    }

    private void line(PDType1Font font, float size, String text) throws IOException {
        if (y < MARGIN + LEADING) {
            newPage();
        }
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(MARGIN, y);
        out.showText(latin1(text));
        out.endText();
        y -= size > SIZE ? size + 4 : LEADING;
    }

    /** Lines of at most {@value #WRAP} characters, broken at spaces where there are some. */
    static List<String> wrap(String s) {
        List<String> lines = new ArrayList<>();
        for (String para : s.split("\n", -1)) {
            String rest = para;
            while (rest.length() > WRAP) {
                int cut = rest.lastIndexOf(' ', WRAP);
                if (cut <= 0) {
                    cut = WRAP;
                }
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut).stripLeading();
            }
            lines.add(rest);
        }
        return lines;
    }

    /** What the standard fonts can show: printable Latin-1, the rest as {@code ?}. */
    static String latin1(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.append((c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c <= 0xff) ? (char) c : '?'));
        return b.toString();
    }
}
