package io.hallmark.assurance;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A small flowing layout over PDFBox: A4 pages filled top to bottom with headings, wrapped paragraphs, tables whose
 * cells wrap and may be shaded, and filled bars. Text is set in the standard Helvetica fonts (PDF 32000-1 §9.6.2.2),
 * so no font is embedded; a character those fonts cannot encode (WinAnsiEncoding) is shown as {@code ?}.
 */
final class PdfPages implements AutoCloseable {
    static final float MARGIN = 48;
    static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final float PAD = 3;

    private final PDDocument doc = new PDDocument();
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final Map<Integer, Boolean> encodable = new HashMap<>();
    private PDPageContentStream out;
    private float y;
    private boolean closed;

    PdfPages(String title) {
        PDDocumentInformation info = new PDDocumentInformation();
        info.setTitle(clean(title));
        info.setCreator("Hallmark assurance");
        doc.setDocumentInformation(info);
        newPage();
    }

    /** A heading of {@code size} points, kept with at least {@code keep} points of what follows. */
    void heading(String text, float size, float keep) {
        need(size * 2 + keep);
        y -= size * 0.8f;
        paragraph(text, bold, size, Color.BLACK);
        y -= size * 0.3f;
    }

    /** A paragraph wrapped to the page width. */
    void text(String text, float size, Color color) {
        paragraph(text, regular, size, color);
        y -= size * 0.4f;
    }

    /**
     * A table row: cells wrapped to their column widths; a non-null fill shades a cell.
     *
     * @param header whether the cells are set in bold
     */
    void row(float[] widths, String[] cells, Color[] fills, boolean header, float size) {
        PDType1Font font = header ? bold : regular;
        List<List<String>> lines = new ArrayList<>();
        int most = 1;
        for (int c = 0; c < cells.length; c++) {
            List<String> l = wrap(cells[c], font, size, widths[c] - 2 * PAD);
            lines.add(l);
            most = Math.max(most, l.size());
        }
        float height = most * size * 1.25f + 2 * PAD;
        need(height);
        try {
            float x = MARGIN;
            for (int c = 0; c < cells.length; c++) {
                Color fill = fills == null ? null : fills[c];
                if (fill != null) {
                    out.setNonStrokingColor(fill);
                    out.addRect(x, y - height, widths[c], height);
                    out.fill();
                }
                out.setStrokingColor(Color.GRAY);
                out.setLineWidth(0.5f);
                out.addRect(x, y - height, widths[c], height);
                out.stroke();
                float ly = y - PAD - size;
                for (String line : lines.get(c)) {
                    show(line, font, size, x + PAD, ly, Color.BLACK);
                    ly -= size * 1.25f;
                }
                x += widths[c];
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        y -= height;
    }

    /** Space after a table. */
    void gap(float points) {
        y -= points;
    }

    /** A bar of {@code width} points, filled to {@code fraction} (0..1). */
    void bar(float width, double fraction, Color fill) {
        need(16);
        try {
            out.setNonStrokingColor(new Color(0xEE, 0xEE, 0xEE));
            out.addRect(MARGIN, y - 10, width, 10);
            out.fill();
            out.setNonStrokingColor(fill);
            out.addRect(MARGIN, y - 10, (float) (width * Math.max(0, Math.min(1, fraction))), 10);
            out.fill();
            out.setStrokingColor(Color.GRAY);
            out.addRect(MARGIN, y - 10, width, 10);
            out.stroke();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        y -= 14;
    }

    /** The document's bytes; closes it. */
    byte[] finish() {
        try {
            out.close();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            doc.close();
        } catch (IOException e) {
            // nothing was written to a file; closing frees memory only
        }
    }

    private void paragraph(String text, PDType1Font font, float size, Color color) {
        for (String line : wrap(text, font, size, WIDTH)) {
            need(size * 1.3f);
            show(line, font, size, MARGIN, y - size, color);
            y -= size * 1.3f;
        }
    }

    private void show(String line, PDType1Font font, float size, float x, float baseline, Color color) {
        try {
            out.beginText();
            out.setNonStrokingColor(color);
            out.setFont(font, size);
            out.newLineAtOffset(x, baseline);
            out.showText(line);
            out.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a new page when fewer than {@code points} are left on this one. */
    private void need(float points) {
        if (y - points < MARGIN) {
            newPage();
        }
    }

    private void newPage() {
        try {
            if (out != null) {
                out.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            out = new PDPageContentStream(doc, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Words of {@code text} in lines no wider than {@code width}; a word wider than a line is cut. */
    private List<String> wrap(String text, PDType1Font font, float size, float width) {
        List<String> lines = new ArrayList<>();
        for (String para : clean(text).split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : para.split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (width(candidate, font, size) <= width) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                String rest = word;
                while (width(rest, font, size) > width && rest.length() > 1) {
                    int n = rest.length() - 1;
                    while (n > 1 && width(rest.substring(0, n), font, size) > width) {
                        n--;
                    }
                    lines.add(rest.substring(0, n));
                    rest = rest.substring(n);
                }
                line.append(rest);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static float width(String s, PDType1Font font, float size) {
        try {
            return font.getStringWidth(s) / 1000 * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text with tabs as spaces and every character the standard fonts cannot show as {@code ?}. */
    private String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n') {
                b.append('\n');
            } else if (cp == '\t' || Character.isWhitespace(cp)) {
                b.append(' ');
            } else if (encodable.computeIfAbsent(cp, this::canEncode)) {
                b.appendCodePoint(cp);
            } else {
                b.append('?');
            }
        });
        return b.toString();
    }

    private boolean canEncode(int cp) {
        if (Character.isISOControl(cp)) {
            return false;
        }
        try {
            regular.encode(new String(Character.toChars(cp)));
            bold.encode(new String(Character.toChars(cp)));
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
