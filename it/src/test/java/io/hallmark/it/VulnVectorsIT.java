package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.vuln.Advisory;
import io.hallmark.server.vuln.AdvisoryIndex;
import io.hallmark.server.vuln.AdvisoryIndex.Match;
import io.hallmark.server.vuln.Component;
import io.hallmark.server.vuln.CsafVexParser;
import io.hallmark.server.vuln.CycloneDxComponents;
import io.hallmark.server.vuln.ImportResult;
import io.hallmark.server.vuln.OsvParser;
import io.hallmark.server.vuln.VexStatement;
import io.hallmark.server.vuln.VexStatement.Status;
import io.hallmark.testkit.TestVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The vulnerability readers against the published test vectors: the real OSV records (OSV project examples and
 * GHSA conversions), the designed negatives, a CSAF 2.0 VEX document and the CycloneDX 1.6/1.7 conformance files.
 * No server: pure parsing and matching, skipped when the vectors are absent.
 */
class VulnVectorsIT {
    private static final List<String> NEGATIVES = List.of("nointroduced-", "nondistinct-", "nopackage-");

    private static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static boolean negative(Path p) {
        return NEGATIVES.stream().anyMatch(n -> p.getFileName().toString().startsWith(n));
    }

    private static List<Advisory> realRecords(List<String> refused) throws IOException {
        List<Advisory> out = new ArrayList<>();
        for (String dir : List.of("osv/examples", "osv/ghsa-converted")) {
            for (Path f : jsonFiles(TestVectors.require(dir))) {
                if (!negative(f)) {
                    ImportResult<Advisory> r = OsvParser.parse(
                            Files.readAllBytes(f), f.getFileName().toString());
                    out.addAll(r.accepted());
                    refused.addAll(r.refused());
                }
            }
        }
        return out;
    }

    private static Component purl(String purl) {
        return new Component("", "", Optional.of(purl));
    }

    @Test
    void everyRealOsvRecordImports() throws IOException {
        List<String> refused = new ArrayList<>();
        List<Advisory> all = realRecords(refused);
        assertThat(refused).isEmpty();
        assertThat(all).hasSizeGreaterThanOrEqualTo(20);
        assertThat(all).filteredOn(Advisory::withdrawn).extracting(Advisory::id).containsExactly("GHSA-35c4-f3rq-f9g3");
    }

    @Test
    void designedNegativesAreRefusedPerRecordWithTheReason() throws IOException {
        Path dir = TestVectors.require("osv/examples");
        ImportResult<Advisory> noIntroduced =
                OsvParser.parse(Files.readAllBytes(dir.resolve("nointroduced-CVE-2023-41045.json")), "n1");
        assertThat(noIntroduced.accepted()).isEmpty();
        assertThat(noIntroduced.refused())
                .singleElement()
                .asString()
                .startsWith("n1 (CVE-2023-41045): affected[0].ranges[0].events: no introduced event");
        ImportResult<Advisory> nonDistinct =
                OsvParser.parse(Files.readAllBytes(dir.resolve("nondistinct-CVE-2018-5407.json")), "n2");
        assertThat(nonDistinct.accepted()).isEmpty();
        assertThat(nonDistinct.refused()).singleElement().asString().contains("named by more than one event");
        // a package that does not exist in its registry ("Gradi0") is well-formed: telling it apart needs the
        // registry, which an offline import does not ask; it imports and simply never matches a real component
        ImportResult<Advisory> noPackage =
                OsvParser.parse(Files.readAllBytes(dir.resolve("nopackage-GHSA-9v2f-6vcg-3hgv.json")), "n3");
        assertThat(noPackage.refused()).isEmpty();
        assertThat(new AdvisoryIndex(noPackage.accepted()).match(purl("pkg:pypi/gradio@4.36.1")))
                .isEmpty();
    }

    @Test
    void realRecordsMatchByEcosystemSemantics() throws IOException {
        AdvisoryIndex index = new AdvisoryIndex(realRecords(new ArrayList<>()));
        // GO-2020-0001: gin before 1.6.0 (SEMVER, Go's v prefix)
        assertThat(ids(index.match(purl("pkg:golang/github.com/gin-gonic/gin@v1.5.0"))))
                .contains("GO-2020-0001");
        assertThat(ids(index.match(purl("pkg:golang/github.com/gin-gonic/gin@v1.6.0"))))
                .isEmpty();
        // Maven ranges: [12.0, 12.6.7), [11.6.1, 11.10.13), [12.10.0, 12.10.2)
        String xwiki = "pkg:maven/org.xwiki.commons/xwiki-commons-core@";
        assertThat(ids(index.match(purl(xwiki + "12.6.6")))).contains("GHSA-76mp-659p-rw65");
        assertThat(ids(index.match(purl(xwiki + "12.6.7")))).isEmpty();
        assertThat(ids(index.match(purl(xwiki + "11.10.12")))).contains("GHSA-76mp-659p-rw65");
        assertThat(ids(index.match(purl(xwiki + "12.8")))).isEmpty();
        // PyPI: name normalised (PEP 503), PEP 440 order
        assertThat(ids(index.match(purl("pkg:pypi/Products.PluggableAuthService@2.6.0"))))
                .contains("GHSA-p44j-xrqg-4xrr");
        assertThat(ids(index.match(purl("pkg:pypi/requests@2.30.0")))).contains("PYSEC-2023-74");
        assertThat(ids(index.match(purl("pkg:pypi/requests@2.31.0")))).isEmpty();
        // npm pre-release lower bound
        assertThat(ids(index.match(purl("pkg:npm/jquery@2.2.4")))).contains("GHSA-mhpp-875w-9cpv");
        assertThat(ids(index.match(purl("pkg:npm/jquery@3.0.0")))).isEmpty();
        // withdrawn: nothing
        assertThat(index.match(purl("pkg:gem/activesupport@1.0.0"))).isEmpty();
        // Alpine's version order is not implemented: undecided with a note, never silently affected
        List<Match> alpine = index.match(purl("pkg:apk/alpine/openssl@1.0.2p-r0?arch=source"));
        assertThat(alpine).isNotEmpty().allSatisfy(m -> {
            assertThat(m.affected()).isFalse();
            assertThat(m.note()).hasValueSatisfying(n -> assertThat(n).contains("not implemented"));
        });
    }

    private static List<String> ids(List<Match> matches) {
        return matches.stream()
                .filter(Match::affected)
                .map(m -> m.advisory().id())
                .toList();
    }

    @Test
    void csafVexDocumentGivesTheFixedStatusOfItsProduct() throws IOException {
        Path f = TestVectors.require("csaf/2022-evd-uc-01-f-001.json");
        ImportResult<VexStatement> r = CsafVexParser.parse(Files.readAllBytes(f), "vex");
        assertThat(r.refused()).isEmpty();
        assertThat(r.accepted())
                .containsExactly(new VexStatement(
                        "CVE-2021-44228",
                        "CSAFPID-0001",
                        "Example Company DEF 1.1",
                        "DEF",
                        "1.1",
                        Optional.empty(),
                        Status.FIXED));
    }

    @Test
    void cycloneDxConformanceBomsAreRead() throws IOException {
        int purls = 0;
        int read = 0;
        for (String version : List.of("1.6", "1.7")) {
            for (Path f : jsonFiles(TestVectors.require("cyclonedx/test-resources/" + version))) {
                if (!f.getFileName().toString().startsWith("valid-")) {
                    continue;
                }
                try {
                    List<Component> cs = CycloneDxComponents.read(Files.readAllBytes(f));
                    purls += (int) cs.stream().filter(c -> c.purl().isPresent()).count();
                    read++;
                } catch (UntrustedInputException e) {
                    throw new AssertionError(f.getFileName() + ": " + e.getMessage(), e);
                }
            }
        }
        assertThat(read).isGreaterThan(100);
        assertThat(purls).isPositive();
    }
}
