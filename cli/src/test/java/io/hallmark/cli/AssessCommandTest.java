package io.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssessCommandTest {
    /** The examples sit at the root of the repository; Maven runs the tests in the module's directory. */
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    @Test
    void attackPotentialPrintsValueRatingAndExploitableAsJson() {
        Cli.Result r = Cli.run(
                "assess",
                "attack-potential",
                "--elapsed-time",
                "le_1_week",
                "--expertise",
                "proficient",
                "--knowledge",
                "restricted",
                "--window",
                "easy",
                "--equipment",
                "specialised",
                "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = Json.read(r.out());
        // 1 (<= 1 week) + 3 (proficient) + 3 (restricted) + 1 (easy) + 4 (specialised) = 12: Enhanced-Basic
        assertThat(json.get("value").asInt()).isEqualTo(12);
        assertThat(json.get("rating").asText()).isEqualTo("Enhanced-Basic");
        assertThat(json.get("exploitable").asBoolean()).isTrue();
    }

    @Test
    void attackPotentialWithAnUnknownLevelIdIsAUsageError() {
        Cli.Result r = Cli.run(
                "assess",
                "attack-potential",
                "--elapsed-time",
                "forever",
                "--expertise",
                "proficient",
                "--knowledge",
                "restricted",
                "--window",
                "easy",
                "--equipment",
                "specialised");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("forever");
    }

    @Test
    void anUnsignedExampleIsBlockedAboveSelfAssessmentAndWritesItsReport() {
        Path report = dir.resolve("camera.html");
        Cli.Result r = Cli.run("assess", EXAMPLES.resolve("camera.yaml").toString(), "--report", report.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains("reached L1", "blocked at L2");
        assertThat(report).content().contains("<html");
    }

    @Test
    void aReportNamedPdfIsWrittenAsAPdfThatPdfBoxReadsBack() throws IOException {
        Path report = dir.resolve("camera.pdf");
        Cli.Result r = Cli.run("assess", EXAMPLES.resolve("camera.yaml").toString(), "--report", report.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains("report: " + report);
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(report.toFile())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertThat(text).contains("Assessment of Lumen Cam 2", "reached level L1", "Risk register", "T1", "T6");
        }
    }

    @Test
    void popplersPdftotextReadsThePdfReport() throws Exception {
        Path pdftotext = java.util.stream.Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .map(d -> Path.of(d, "pdftotext"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                pdftotext != null, "pdftotext (poppler-utils) is not installed: the PDF is checked with PDFBox only");
        Path report = dir.resolve("pump.pdf");
        Cli.Result r =
                Cli.run("assess", EXAMPLES.resolve("insulin-pump.yaml").toString(), "--report", report.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        Process p = new ProcessBuilder(pdftotext.toString(), "-layout", report.toString(), "-")
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(text).isZero();
        assertThat(text)
                .contains("Assessment of", "Target level L3", "Risk heat map", "Catalog coverage")
                .contains("Findings", "Notes on catalog entries", "verify: true");
    }

    @Test
    void anInvalidProfileNamesFileLineAndColumn() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "product:\n  name: [unclosed\n");
        Cli.Result r = Cli.run("assess", bad.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad.yaml:");
    }
}
