package io.hallmark.assurance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.core.Hashes;
import java.nio.charset.StandardCharsets;
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
    void iec62443EntriesWithoutComponentRequirementAreNeverCounted() {
        Catalog iec = catalogs.find("iec-62443-4-2", "2019").orElseThrow();

        assertThat(iec.find("CR 2.3").orElseThrow().obligation()).isEqualTo(Requirement.Obligation.NONE);
        assertThat(iec.find("CR 7.5").orElseThrow().obligation()).isEqualTo(Requirement.Obligation.NONE);
        assertThat(iec.find("CR 7.8").orElseThrow().obligation()).isEqualTo(Requirement.Obligation.BY_SECURITY_LEVEL);
    }

    /**
     * A catalog is never edited in place: a correction or a new edition is a new file (and a new line here), so that
     * an assessment made against a catalog version can be reproduced.
     */
    @Test
    void catalogFilesAreNeverEditedInPlace() {
        Map<String, String> pinned = Map.of(
                "attack-potential-iso-iec-18045-2022.yaml",
                        "0f19dc1701216fc98e2f9a53cd6a540fa122eb4edea5f9f502f61498287e9aa8",
                "etsi-en-303-645-v3.1.3.yaml", "9ff3929d60f7fc50bcedac90c55b8d45756d3a39d49c1eb10d654c6db164f5e4",
                "cra-annex-i-2024-2847.yaml", "4c54084f79d0acb8d1de4bb9db8e6be7ee1086ee945260c46b316c5ad5843e55",
                "iec-62443-4-2-2019.yaml", "ed43e9781be6c198d44b9c425c6aee84de70e12ba4923f3cf3f30a5482ae4fbb",
                "nist-ir-8259a-2020.yaml", "3676c55130959e55deb3996847ed87ec8c70315afd689df875c4d32fb805dcd3");
        for (Map.Entry<String, String> e : pinned.entrySet()) {
            byte[] bytes = TestResources.text("catalogs/" + e.getKey()).getBytes(StandardCharsets.UTF_8);
            assertThat(Hashes.hex(Hashes.sha256(bytes))).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(TestResources.text("catalogs/index.yaml")).contains(pinned.keySet());
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
