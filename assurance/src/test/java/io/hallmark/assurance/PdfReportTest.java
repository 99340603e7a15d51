package io.hallmark.assurance;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.assurance.Assessment.Risk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class PdfReportTest {
    /** The text of a PDF as PDFBox's own parser reads it back, with lines joined. */
    static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
    }

    @Test
    void thePdfReportCarriesTheSameSectionsAsTheHtmlReport() throws IOException {
        Assessment a = AssessmentTool.assess(Workspace.EXAMPLES.resolve("camera.yaml"));
        byte[] pdf = AssessmentTool.pdf(a);

        assertThat(new String(pdf, 0, 8, StandardCharsets.US_ASCII)).startsWith("%PDF-");
        String text = text(pdf);
        assertThat(text)
                .contains("Assessment of Lumen Cam 2", "Target level L2, reached level " + a.reached())
                .contains("Risk heat map", "likelihood \\ impact", "5 almost certain (Basic)", "5 severe")
                .contains("Risk register", "Catalog coverage", "Mandatory entries met or justified")
                .contains("CRA readiness", "Findings", "Notes on catalog entries")
                // the verification marks of the catalog entries, numbered as in the HTML report's footnotes
                .contains("5.1-2A [1]", "[1] etsi-en-303-645 5.1-2A: verify: true");
        for (Risk r : a.riskRegister()) {
            assertThat(text).contains(r.threat()).contains(r.level().name());
        }
        for (Assessment.CatalogCoverage c : a.coverage()) {
            assertThat(text).contains(c.catalog() + " " + c.version());
        }
    }

    @Test
    void anIndustrialProductsReportShowsItsSecurityLevels() throws IOException {
        Assessment a = AssessmentTool.assess(Workspace.EXAMPLES.resolve("industrial-controller.yaml"));
        String text = text(AssessmentTool.pdf(a));
        assertThat(text).contains("IEC 62443-4-2 security levels", "FR1", "FR7", "SL-T");
    }

    @Test
    void aProfileOf200ThreatsFlowsOverManyPages() throws IOException {
        String yaml = LargeProfiles.cameraWithThreats(200);
        Assessment a = AssessmentTool.assess(
                "large.yaml", yaml.getBytes(StandardCharsets.UTF_8), Map.of(), StatementVerifier.jwsEs256());
        byte[] pdf = AssessmentTool.pdf(a);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(5);
        }
        assertThat(text(pdf)).contains(a.riskRegister().get(199).threat());
    }

    @Property(tries = 50)
    void anyProductNameIsDrawnAndCharactersTheFontsLackBecomeQuestionMarks(@ForAll String name) throws IOException {
        String quoted = name.replace("\\", "\\\\").replace("\"", "\\\"");
        StringBuilder escaped = new StringBuilder();
        quoted.codePoints().forEach(cp -> {
            if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || Character.isSurrogate((char) cp)) {
                escaped.append(String.format("\\u%04x", cp));
            } else {
                escaped.appendCodePoint(cp);
            }
        });
        String text = ProfileReaderTest.MINIMAL.replace("name: \"Tiny\"", "name: \"" + escaped + "\"");
        Assessment a;
        try {
            a = AssessmentTool.assess(
                    "p.yaml", text.getBytes(StandardCharsets.UTF_8), Map.of(), StatementVerifier.jwsEs256());
        } catch (ProfileException e) {
            return; // a name the profile refuses has no report
        }
        assertThat(text(AssessmentTool.pdf(a))).contains("Assessment of");
    }
}
