package io.hallmark.server.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.vuln.VexStatement.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MatchingTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void purlsParseAndMapToOsvPackages() {
        Purl p = Purl.parse("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar");
        assertThat(p).isEqualTo(new Purl("maven", "org.apache.logging.log4j", "log4j-core", "2.14.1"));
        assertThat(p.osvPackage())
                .hasValueSatisfying(o -> assertThat(o).containsExactly("Maven", "org.apache.logging.log4j:log4j-core"));
        assertThat(Purl.parse("pkg:npm/%40angular/core@1.0.0").osvPackage())
                .hasValueSatisfying(o -> assertThat(o).containsExactly("npm", "@angular/core"));
        assertThat(Purl.parse("pkg:pypi/Django_Rest.framework@3").osvPackage())
                .hasValueSatisfying(o -> assertThat(o).containsExactly("PyPI", "django-rest-framework"));
        assertThatThrownBy(() -> Purl.parse("npm/x@1")).isInstanceOf(UntrustedInputException.class);
        assertThatThrownBy(() -> Purl.parse("pkg:npm")).isInstanceOf(UntrustedInputException.class);
    }

    @Test
    void indexMatchesComponentsByPackageAndVersion() {
        Advisory a = OsvParser.parse(utf8(OsvParserTest.GOOD), "t").accepted().getFirst();
        AdvisoryIndex index = new AdvisoryIndex(List.of(a));
        Component vulnerable = new Component("left-pad", "1.2.0", Optional.of("pkg:npm/left-pad@1.2.0"));
        Component fixed = new Component("left-pad", "1.3.0", Optional.of("pkg:npm/left-pad@1.3.0"));
        Component other = new Component("right-pad", "1.2.0", Optional.of("pkg:npm/right-pad@1.2.0"));
        assertThat(index.matchAll(List.of(vulnerable, fixed, other)))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.component()).isEqualTo(vulnerable);
                    assertThat(m.affected()).isTrue();
                });
    }

    @Test
    void withdrawnAdvisoriesMatchNothing() {
        String json = OsvParserTest.GOOD.replace("\"aliases\"", "\"withdrawn\": \"2024-02-01T00:00:00Z\", \"aliases\"");
        AdvisoryIndex index = new AdvisoryIndex(OsvParser.parse(utf8(json), "t").accepted());
        assertThat(index.match(new Component("left-pad", "1.0.0", Optional.of("pkg:npm/left-pad@1.0.0"))))
                .isEmpty();
    }

    @Test
    void cycloneDxComponentsAreReadWithNesting() {
        String bom = """
                {"bomFormat": "CycloneDX", "specVersion": "1.6",
                 "metadata": {"component": {"type": "firmware", "name": "fw", "version": "3.1.0"}},
                 "components": [{"type": "library", "name": "a", "version": "1", "purl": "pkg:npm/a@1",
                   "components": [{"type": "library", "name": "b", "version": "2", "purl": "pkg:npm/b@2"}]}]}""";
        assertThat(CycloneDxComponents.read(utf8(bom)))
                .extracting(Component::name)
                .containsExactly("fw", "a", "b");
        assertThatThrownBy(() -> CycloneDxComponents.read(utf8(bom.replace("1.6", "1.3"))))
                .isInstanceOf(UntrustedInputException.class)
                .hasMessageContaining("1.4 to 1.7");
    }

    @Test
    void csafStatusesNameProductsOfTheTree() {
        String csaf = """
                {"document": {"category": "csaf_vex", "csaf_version": "2.0"},
                 "product_tree": {"branches": [{"category": "vendor", "name": "V", "branches": [
                   {"category": "product_name", "name": "Cam", "branches": [
                     {"category": "product_version", "name": "2.0", "product": {"name": "V Cam 2.0",
                       "product_id": "P1"}}]}]}]},
                 "vulnerabilities": [{"cve": "CVE-2021-44228", "product_status": {
                   "known_not_affected": ["P1"], "known_affected": ["P9"]}}]}""";
        ImportResult<VexStatement> r = CsafVexParser.parse(utf8(csaf), "c.json");
        assertThat(r.accepted())
                .containsExactly(new VexStatement(
                        "CVE-2021-44228", "P1", "V Cam 2.0", "Cam", "2.0", Optional.empty(), Status.NOT_AFFECTED));
        assertThat(r.refused()).singleElement().asString().contains("P9").contains("not in the product tree");
    }
}
