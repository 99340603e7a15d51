package io.hallmark.assurance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogsTest {
    private final Catalogs catalogs = Catalogs.builtIn();

    @Test
    void shipsTheFourRequirementCatalogsWithTheirVersions() {
        assertThat(catalogs.versions("etsi-en-303-645")).containsExactly("V3.1.3");
        assertThat(catalogs.versions("cra-annex-i")).containsExactly("2024-2847");
        assertThat(catalogs.versions("iec-62443-4-2")).containsExactly("2019");
        assertThat(catalogs.versions("nist-ir-8259a")).containsExactly("2020-05");
        assertThat(catalogs.versions("no-such-catalog")).isEmpty();
    }

    @Test
    void keepsTheVerificationMarksOfTheSource() {
        Catalog etsi = catalogs.find("etsi-en-303-645", "V3.1.3").orElseThrow();
        Catalog iec = catalogs.find("iec-62443-4-2", "2019").orElseThrow();

        assertThat(etsi.find("5.1-2A").orElseThrow().verification()).isEqualTo(Verification.VERIFY);
        assertThat(etsi.find("5.1-1").orElseThrow().verification()).isEqualTo(Verification.VERIFIED);
        assertThat(iec.find("CR 1.4").orElseThrow().verification()).isEqualTo(Verification.INFERRED);
        assertThat(iec.find("CR 1.1 RE(2)").orElseThrow().minSl()).isEqualTo(3);
    }

    @Test
    void readsStatusesAsObligations() {
        Catalog etsi = catalogs.find("etsi-en-303-645", "V3.1.3").orElseThrow();

        assertThat(etsi.requirements()).hasSize(78);
        assertThat(etsi.find("5.2-1").orElseThrow().obligation()).isEqualTo(Requirement.Obligation.MANDATORY);
        assertThat(etsi.find("5.1-5").orElseThrow().obligation())
                .isEqualTo(Requirement.Obligation.MANDATORY_IF_APPLICABLE);
        assertThat(etsi.find("5.3-1").orElseThrow().obligation()).isEqualTo(Requirement.Obligation.RECOMMENDED);
    }

    @Test
    void refusesADuplicateEntryId() {
        String text = """
                catalog: x
                version: "1"
                title: t
                kind: provisions
                requirements:
                  - {id: "a", status: M, title: "one"}
                  - {id: "a", status: M, title: "two"}
                """;
        assertThatThrownBy(() -> Catalogs.parse(withTable(Map.of("x.yaml", text))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x:a (expected: unique in catalog)");
    }

    @Test
    void refusesTwoFilesForOneCatalogVersion() {
        String text = """
                catalog: x
                version: "1"
                title: t
                kind: provisions
                requirements:
                  - {id: "a", status: M, title: "one"}
                """;
        Map<String, String> files = new LinkedHashMap<>();
        files.put("x-1.yaml", text);
        files.put("x-1-again.yaml", text);
        assertThatThrownBy(() -> Catalogs.parse(withTable(files)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("catalog: x@1 (expected: one file per catalog version)");
    }

    @Test
    void keepsTwoVersionsOfOneCatalogSideBySide() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String v : new String[] {"1", "2"}) {
            files.put("x-" + v + ".yaml", """
                    catalog: x
                    version: "%s"
                    title: t
                    kind: provisions
                    requirements:
                      - {id: "a", status: M, title: "one"}
                    """.formatted(v));
        }
        assertThat(Catalogs.parse(withTable(files)).versions("x")).containsExactly("1", "2");
    }

    private static Map<String, String> withTable(Map<String, String> files) {
        Map<String, String> all = new LinkedHashMap<>(files);
        all.put("ap.yaml", TestResources.text("catalogs/attack-potential-iso-iec-18045-2022.yaml"));
        return all;
    }
}
