package io.hallmark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.protocol.v1.CraReportView;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The CRA report PDF reads back with PDFBox's own text extraction. */
class CraPdfTest {
    static CraReportView report(List<String> notes) {
        return new CraReportView(
                CraReportView.SCHEMA,
                "cra_1",
                "notification",
                "draft",
                "2026-11-26T12:00:00Z",
                null,
                null,
                new CraReportView.Organization("org_1", "Caf\u00e9 Devices \u4e2d"),
                "vulnerability",
                "2026-11-26T10:00:00Z",
                "2026-11-29T10:00:00Z",
                "72 hours after awareness (Art. 14(2)(b))",
                "Art. 14(2)(b): general information",
                "Log4Shell in the gateway",
                new CraReportView.Vulnerability(
                        "GHSA-jfh8-c2jp-5v3q",
                        List.of("CVE-2021-44228"),
                        "Remote code injection in Log4j",
                        true,
                        List.of("CVSS_V3 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H (base score 10.0)"),
                        10.0,
                        "critical"),
                null,
                List.of(new CraReportView.Product("gw-7", "1.0.0", "rel_1", 42, List.of("pkg:maven/a/b@1"))),
                42,
                "unknown",
                List.of("release gw-7 1.1.0 is not affected"),
                List.of(new CraReportView.Rollout("rol_1", "rel_2", "1.1.0", "running", 42, 10, 1)),
                notes);
    }

    @Test
    void theReportReadsBackFromThePdf() throws Exception {
        byte[] pdf = CraPdf.render(report(List.of("countries: unknown")));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text)
                    .contains("Cyber Resilience Act report: notification (draft)")
                    .contains("GHSA-jfh8-c2jp-5v3q")
                    .contains("CVE-2021-44228")
                    .contains("gw-7 1.0.0: 42 devices")
                    .contains("rollout rol_1 of release rel_2 1.1.0: running, 10 of 42 devices installed")
                    .contains("Caf\u00e9 Devices ?");
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("CRA notification report, case cra_1");
        }
    }

    @Test
    void aLongReportFlowsOntoMorePagesAndLongWordsAreCut() throws Exception {
        List<String> notes = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            notes.add("note " + i + " " + "x".repeat(250));
        }
        try (PDDocument doc = Loader.loadPDF(CraPdf.render(report(notes)))) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(3);
            assertThat(new PDFTextStripper().getText(doc)).contains("note 119");
        }
        assertThat(CraPdf.wrap("a".repeat(250))).hasSize(3);
    }
}
