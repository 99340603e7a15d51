package io.hallmark.assurance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hallmark.assurance.ProfileException.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileReaderTest {
    // line numbers matter below: keep this text as it is
    static final String MINIMAL = """
            profile_version: 1
            product:
              name: "Tiny"
              manufacturer: "Tiny Ltd"
              vertical: consumer
            target_level: L1
            assets:
              - id: a1
                value: {confidentiality: 3, integrity: 2, availability: 1}
            interfaces:
              - {id: i1, kind: network}
            threats:
              - id: T1
                targets: [a1]
                interfaces: [i1]
                attack_potential: {elapsed_time: le_1_week, expertise: proficient, knowledge_of_toe: restricted, window_of_opportunity: easy, equipment: specialised}
            catalogs:
              - catalog: etsi-en-303-645
                version: "V3.1.3"
                claims:
                  - {requirement: "5.1-1", status: met}
            """;

    @Test
    void minimalProfileReadsAndIsAssessedAsIncomplete() {
        Assessment a = assess(MINIMAL);

        assertThat(a.reached()).isEqualTo(Level.NONE);
        assertThat(a.riskRegister()).singleElement().satisfies(r -> {
            // 1+3+3+1+4 = 12 Enhanced-Basic -> likelihood 4; impact max(3, 2, 1) = 3 -> HIGH
            assertThat(r.attackPotential().value()).isEqualTo(12);
            assertThat(r.likelihood()).isEqualTo(4);
            assertThat(r.impact()).isEqualTo(3);
            assertThat(r.level()).isEqualTo(Assessment.RiskLevel.HIGH);
        });
        assertThat(a.findings())
                .extracting(Finding::id)
                .contains("assurance.risk.untreated", "assurance.claim.missing");
    }

    @Test
    void invalidYamlIsRefusedWithItsLineAndColumn() {
        ProfileException e = refused("profile_version: 1\nproduct: [unclosed\ntarget_level: L1\n");

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("p.yaml");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isPositive();
            assertThat(p.message()).startsWith("not valid YAML");
        });
    }

    @Test
    void unknownFieldIsRefusedNamingTheKnownOnes() {
        ProfileException e =
                refused(MINIMAL.replace("  vertical: consumer\n", "  vertical: consumer\n  colour: red\n"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.column()).isEqualTo(11);
            assertThat(p.message())
                    .startsWith("product.colour: unknown field (expected: one of cra_class, description,");
        });
    }

    @Test
    void unknownCatalogIdIsRefusedWithFileLineAndColumn() {
        ProfileException e = refused(MINIMAL.replace("catalog: etsi-en-303-645", "catalog: etsi-en-999"));

        assertThat(e.problems())
                .containsExactly(
                        new Problem(
                                "p.yaml",
                                18,
                                14,
                                "catalog: etsi-en-999 (expected: one of cra-annex-i, etsi-en-303-645, iec-62443-4-2, nist-ir-8259a)"));
        assertThat(e.getMessage()).startsWith("p.yaml:18:14: catalog: etsi-en-999");
    }

    @Test
    void unknownCatalogVersionAndRequirementAreRefused() {
        assertThat(refused(MINIMAL.replace("\"V3.1.3\"", "\"V2.1.1\"")).problems())
                .containsExactly(new Problem(
                        "p.yaml", 19, 14, "catalog etsi-en-303-645 version: V2.1.1 (expected: one of V3.1.3)"));
        assertThat(refused(MINIMAL.replace("\"5.1-1\"", "\"5.1-99\"")).problems())
                .containsExactly(new Problem(
                        "p.yaml", 21, 23, "requirement: 5.1-99 (expected: an id of etsi-en-303-645@V3.1.3)"));
    }

    @Test
    void valuesOutOfRangeAreAllReportedAtOnce() {
        ProfileException e = refused(MINIMAL.replace("confidentiality: 3", "confidentiality: 9")
                .replace("expertise: proficient", "expertise: guru")
                .replace("target_level: L1", "target_level: L5"));

        assertThat(e.problems())
                .containsExactly(
                        new Problem("p.yaml", 6, 15, "target_level: L5 (expected: one of L1, L2, L3, L4)"),
                        new Problem("p.yaml", 9, 30, "confidentiality: 9 (expected: 1..5)"),
                        new Problem(
                                "p.yaml",
                                16,
                                60,
                                "expertise: guru (expected: one of layman, proficient, expert, multiple_experts)"));
    }

    @Test
    void wrongTypeIsRefusedWithThePathOfTheField() {
        ProfileException e = refused(MINIMAL.replace("confidentiality: 3", "confidentiality: high"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.message()).startsWith("assets[0].value.confidentiality: ");
        });
    }

    @Test
    void danglingReferencesAreRefused() {
        ProfileException e = refused(MINIMAL.replace("targets: [a1]", "targets: [a2]"));

        assertThat(e.problems())
                .containsExactly(new Problem("p.yaml", 14, 15, "asset: a2 (expected: the id of a declared asset)"));
    }

    @Test
    void emptyTextIsRefused() {
        assertThat(refused("").problems())
                .extracting(Problem::message)
                .containsExactly("profile: empty (expected: a YAML mapping)");
    }

    @Test
    void missingFileIsRefusedAsAProfileProblem() {
        assertThatThrownBy(() -> AssessmentTool.assess(Path.of("no-such-dir", "missing.yaml")))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("missing.yaml:0:0: cannot read");
    }

    static Assessment assess(String text) {
        return AssessmentTool.assess(
                "p.yaml", text.getBytes(StandardCharsets.UTF_8), Map.of(), StatementVerifier.jwsEs256());
    }

    private static ProfileException refused(String text) {
        return catchThrowableOfType(ProfileException.class, () -> assess(text));
    }
}
