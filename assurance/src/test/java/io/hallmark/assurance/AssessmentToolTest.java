package io.hallmark.assurance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssessmentToolTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void attackPotentialJsonHasValueRatingAndExploitable() throws Exception {
        // 1+3+3+1+4 = 12: Enhanced-Basic
        JsonNode json = JSON.readTree(AssessmentTool.json(
                AssessmentTool.attackPotential("le_1_week", "proficient", "restricted", "easy", "specialised")));

        assertThat(json.get("value").asInt()).isEqualTo(12);
        assertThat(json.get("rating").asText()).isEqualTo("Enhanced-Basic");
        assertThat(json.get("exploitable").asBoolean()).isTrue();
        assertThat(json.size()).isEqualTo(3);
    }

    @Test
    void windowNoneGivesNullValueAndRatingInJson() throws Exception {
        JsonNode json = JSON.readTree(AssessmentTool.json(
                AssessmentTool.attackPotential("le_1_day", "layman", "public", "none", "standard")));

        assertThat(json.get("value").isNull()).isTrue();
        assertThat(json.get("rating").isNull()).isTrue();
        assertThat(json.get("exploitable").asBoolean()).isFalse();
    }

    @Test
    void unknownLevelIdIsAProgrammingErrorNamingTheIds() {
        assertThatThrownBy(() -> AssessmentTool.attackPotential("1w", "proficient", "restricted", "easy", "standard"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("elapsed_time: 1w (expected: one of le_1_day, le_1_week,");
        assertThat(AssessmentTool.attackPotentialLevels("equipment"))
                .containsExactly("standard", "specialised", "bespoke", "multiple_bespoke");
    }

    @Test
    void assessmentJsonCarriesLevelsRegisterCoverageAndFindings() throws Exception {
        Assessment a = AssessmentTool.assess(Workspace.EXAMPLES.resolve("camera.yaml"));
        JsonNode json = JSON.readTree(AssessmentTool.json(a));

        assertThat(json.get("target").asText()).isEqualTo("L2");
        assertThat(json.get("reached").asText()).isEqualTo("L1");
        assertThat(json.get("target_reached").asBoolean()).isFalse();
        assertThat(json.get("blockers").get(0).get("id").asText()).isEqualTo("assurance.level.declaration-invalid");
        assertThat(json.get("risk_register")).hasSize(6);
        assertThat(json.get("risk_register")
                        .get(0)
                        .get("attack_potential")
                        .get("rating")
                        .asText())
                .isEqualTo("Basic");
        assertThat(json.get("coverage")).hasSize(3);
        assertThat(json.get("footnotes").get(0).get("mark").asText()).isEqualTo("verify: true");
    }

    @Test
    void htmlReportIsSelfContainedWithHeatMapBarsAndFootnotes() {
        String html = AssessmentTool.html(AssessmentTool.assess(Workspace.EXAMPLES.resolve("camera.yaml")));

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>", "Risk heat map", "class=\"bar\"");
        assertThat(html).contains("5.1-2A: <code>verify: true</code>");
        assertThat(html).contains("5.1-2A<sup><a href=\"#fn1\">1</a></sup>");
        assertThat(html).doesNotContain("<script", " style=\"", "javascript:");
    }

    @Test
    void htmlEscapesProfileText() {
        String text = ProfileReaderTest.MINIMAL.replace("name: \"Tiny\"", "name: \"<script>x</script>\"");
        Assessment a = AssessmentTool.assess(
                "p.yaml", text.getBytes(StandardCharsets.UTF_8), Map.of(), StatementVerifier.jwsEs256());

        assertThat(AssessmentTool.html(a)).doesNotContain("<script>").contains("&lt;script&gt;x&lt;/script&gt;");
    }

    @Test
    void aProfileOf200ThreatsIsAssessedInFull() {
        String text = LargeProfiles.cameraWithThreats(200);
        Assessment a = AssessmentTool.assess(
                "large.yaml", text.getBytes(StandardCharsets.UTF_8), Map.of(), StatementVerifier.jwsEs256());

        assertThat(a.riskRegister()).hasSize(200);
        // G0: le_1_day, layman, public, unnecessary_unlimited, standard = 0: Basic
        assertThat(a.riskRegister().get(0).attackPotential().value()).isZero();
        // G8: window index 8/2 % 5 = 4 -> none: not exploitable
        assertThat(a.riskRegister().get(8).attackPotential().exploitable()).isFalse();
    }

    @Test
    void listsTheShippedCatalogVersions() {
        assertThat(AssessmentTool.catalogVersions())
                .containsExactly(
                        Map.entry("cra-annex-i", List.of("2024-2847")),
                        Map.entry("etsi-en-303-645", List.of("V3.1.3")),
                        Map.entry("iec-62443-4-2", List.of("2019")),
                        Map.entry("nist-ir-8259a", List.of("2020-05")));
    }

    @Test
    void threatWithoutAttackPathLeavesTheProfileIncomplete() {
        Assessment a = AssessmentTool.assess(
                "p.yaml",
                ProfileReaderTest.MINIMAL.getBytes(StandardCharsets.UTF_8),
                Map.of(),
                StatementVerifier.jwsEs256());

        assertThat(a.blockers())
                .contains(new Assessment.Blocker(
                        Level.L1, "assurance.level.profile-incomplete", "attack path of threat T1"));
    }

    @Test
    void verifierIsPluggable() {
        StatementVerifier refuseAll = (role, signer, signature, key) -> StatementVerifier.Verdict.invalid("untrusted");
        Assessment a = AssessmentTool.assess(Workspace.EXAMPLES.resolve("camera.yaml"), refuseAll);

        assertThat(a.reached()).isEqualTo(Level.L1);
    }
}
