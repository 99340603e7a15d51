package io.hallmark.assurance;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.assurance.Assessment.Blocker;
import io.hallmark.assurance.Assessment.RiskLevel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExampleProfilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"camera", "industrial-controller", "insulin-pump"})
    void eachExampleIsCompleteAndMeetsItsBaselineWithoutSignatures(String name) {
        Assessment a = AssessmentTool.assess(Workspace.EXAMPLES.resolve(name + ".yaml"));

        assertThat(a.reached()).isEqualTo(Level.L1);
        assertThat(a.blockers()).extracting(Blocker::id).doesNotContain("assurance.level.profile-incomplete");
        assertThat(a.findings()).extracting(Finding::id).doesNotContain("assurance.evidence.digest-mismatch");
        assertThat(a.cra().ready()).isTrue();
        assertThat(AssessmentTool.exitCode(a)).isEqualTo(3);
    }

    @Test
    void cameraReachesL2WithTheManufacturersDeclaration() {
        Assessment a = camera().assess();

        assertThat(a.target()).isEqualTo(Level.L2);
        assertThat(a.reached()).isEqualTo(Level.L2);
        assertThat(a.blockers()).isEmpty();
        assertThat(AssessmentTool.exitCode(a)).isZero();
    }

    @Test
    void cameraRiskRegisterFollowsTheMatrix() {
        Assessment a = camera().assess();

        // T1: 1+3+0+1+0 = 5 Basic -> likelihood 5; impact max(C4 of credentials and stream) = 4 -> CRITICAL
        // T2: 7+6+3+1+4 = 21 High -> likelihood 2; firmware integrity 5 -> HIGH
        // T5: window none -> not exploitable -> NONE
        // T6: 0+3+0+1+0 = 4 Basic -> likelihood 5; camera-service availability 2 -> HIGH, accepted
        assertThat(a.riskRegister())
                .extracting(r -> r.threat() + " " + r.likelihood() + "x" + r.impact() + " " + r.level())
                .containsExactly(
                        "T1 5x4 CRITICAL",
                        "T2 2x5 HIGH",
                        "T3 5x4 CRITICAL",
                        "T4 2x5 HIGH",
                        "T5 0x4 NONE",
                        "T6 5x2 HIGH");
        assertThat(a.riskRegister().get(4).level()).isEqualTo(RiskLevel.NONE);
    }

    @Test
    void industrialControllerReachesL4WithDeclarationReviewAndCertificate() {
        Assessment a = controller("AVA_VAN.3", 2).assess();

        assertThat(a.reached()).isEqualTo(Level.L4);
        // FR5: CR 5.1 met, the NDR entries not applicable with a justification up to SL 4
        assertThat(a.securityLevels())
                .extracting(l -> l.fr() + "=" + l.achieved())
                .containsExactly("FR1=2", "FR2=2", "FR3=2", "FR4=2", "FR5=4", "FR6=2", "FR7=2");
        assertThat(AssessmentTool.exitCode(a)).isZero();
    }

    @Test
    void insulinPumpReachesL3WithDeclarationAndReview() {
        Assessment a = pump("pass").assess();

        assertThat(a.reached()).isEqualTo(Level.L3);
        assertThat(a.targetReached()).isTrue();
    }

    @Test
    void l1IsRefusedWhenAMandatoryProvisionIsNotMet() {
        Assessment a = camera().replace(
                        "{requirement: \"5.4-3\", status: met", "{requirement: \"5.4-3\", status: not_met")
                .assess();

        assertThat(a.reached()).isEqualTo(Level.NONE);
        assertThat(a.blockers())
                .contains(new Blocker(
                        Level.L1,
                        "assurance.level.baseline-gap",
                        "etsi-en-303-645 5.4-3 is mandatory and neither met nor justified"));
        assertThat(a.findings()).extracting(Finding::id).contains("assurance.provision.mandatory-not-met");
    }

    @Test
    void l2IsRefusedWhenTheDeclarationDoesNotCoverTheProfileAsItIs() {
        Workspace w = camera();
        w.replace("firmware_version: \"2.4.1\"", "firmware_version: \"2.4.2\"");

        Assessment a = w.assess();

        assertThat(a.reached()).isEqualTo(Level.L1);
        assertThat(a.blockers()).singleElement().satisfies(b -> {
            assertThat(b.level()).isEqualTo(Level.L2);
            assertThat(b.id()).isEqualTo("assurance.level.declaration-invalid");
            assertThat(b.reason()).contains("profile_sha256");
        });
    }

    @Test
    void l2IsRefusedWhenTheDeclarationDoesNotVerifyWithTheNamedKey() {
        // the second signing replaces the manufacturer's key file with a fresh key
        Workspace w = camera().sign(
                        "signatures/camera/other.jws", "keys/camera/manufacturer.jwk", "declaration", "x", Map.of());

        Assessment a = w.assess();

        assertThat(a.reached()).isEqualTo(Level.L1);
        assertThat(a.blockers())
                .containsExactly(new Blocker(
                        Level.L2,
                        "assurance.level.declaration-invalid",
                        "the manufacturer's signed declaration: signature: JWS: signature does not verify"));
    }

    @Test
    void l2IsRefusedWhenSomeoneElseThanTheManufacturerDeclares() {
        Workspace w = Workspace.of(dir, "camera")
                .replace("declaration: {signer: \"Lumen Home Devices Ltd\"", "declaration: {signer: \"Cheap Resale\"")
                .sign(
                        "signatures/camera/declaration.jws",
                        "keys/camera/manufacturer.jwk",
                        "declaration",
                        "Cheap Resale",
                        Map.of());

        assertThat(w.assess().blockers())
                .extracting(Blocker::reason)
                .containsExactly(
                        "the manufacturer's signed declaration: signer: Cheap Resale (expected: the manufacturer"
                                + " Lumen Home Devices Ltd)");
    }

    @Test
    void l2IsRefusedWithoutTheSbom() {
        Assessment a = camera().delete("evidence/camera/sbom.cdx.json").assess();

        assertThat(a.reached()).isEqualTo(Level.L1);
        assertThat(a.blockers())
                .contains(new Blocker(
                        Level.L2,
                        "assurance.level.life-cycle-gap",
                        "evidence file evidence/camera/sbom.cdx.json not found"));
    }

    @Test
    void anEvidenceFileThatNoLongerMatchesItsSha256IsAnErrorAndBlocksL2() throws java.io.IOException {
        Workspace w = camera();
        java.nio.file.Files.writeString(dir.resolve("evidence/camera/tls-profile.txt"), "TLS 1.0 allowed\n");
        Assessment a = w.assess();

        assertThat(a.findings())
                .filteredOn(f -> f.id().equals("assurance.evidence.digest-mismatch"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
                    assertThat(f.subject() + " " + f.expected()).contains("tls-profile.txt");
                });
        assertThat(a.reached()).isEqualTo(Level.L1);
        assertThat(a.blockers()).extracting(Blocker::id).contains("assurance.level.life-cycle-gap");
    }

    @Test
    void aMissingEvidenceFileIsNamedAsMissing() {
        Assessment a = camera().delete("evidence/camera/debug-lockdown.txt").assess();

        assertThat(a.findings())
                .filteredOn(f -> f.id().equals("assurance.evidence.missing"))
                .singleElement()
                .satisfies(f -> assertThat(f.toString()).contains("debug-lockdown.txt"));
        assertThat(a.reached()).isEqualTo(Level.L1);
    }

    @Test
    void l3IsRefusedWhenTheAssessorsReviewDoesNotPass() {
        Assessment a = pump("fail").assess();

        assertThat(a.reached()).isEqualTo(Level.L2);
        assertThat(a.blockers())
                .containsExactly(new Blocker(
                        Level.L3, "assurance.level.review-invalid", "review outcome: fail (expected: pass)"));
        assertThat(AssessmentTool.exitCode(a)).isEqualTo(3);
    }

    @Test
    void l4IsRefusedWhenTheAvaVanComponentDoesNotResistTheWeakestPath() {
        // AVA_VAN.4 resists Moderate (14-19), so every path needs 20; T3 scores 2+6+3+4+0 = 15
        Assessment a = controller("AVA_VAN.4", 2).assess();

        assertThat(a.reached()).isEqualTo(Level.L3);
        assertThat(a.blockers())
                .containsExactly(new Blocker(
                        Level.L4,
                        "assurance.level.ava-van-insufficient",
                        "AVA_VAN.4 resists Moderate, so every exploitable path needs 20 or more; threat T3 scores 15"
                                + " (Moderate)"));
    }

    @Test
    void l4IsRefusedForAnIndustrialProductCertifiedBelowItsSecurityLevelTarget() {
        Assessment a = controller("AVA_VAN.3", 1).assess();

        assertThat(a.reached()).isEqualTo(Level.L3);
        assertThat(a.blockers())
                .extracting(Blocker::id)
                .containsOnly("assurance.level.security-level-below-target")
                .hasSize(7);
    }

    private Workspace camera() {
        return Workspace.of(dir, "camera")
                .sign(
                        "signatures/camera/declaration.jws",
                        "keys/camera/manufacturer.jwk",
                        "declaration",
                        "Lumen Home Devices Ltd",
                        Map.of());
    }

    private Workspace pump(String outcome) {
        return Workspace.of(dir, "insulin-pump")
                .sign(
                        "signatures/insulin-pump/declaration.jws",
                        "keys/insulin-pump/manufacturer.jwk",
                        "declaration",
                        "DoseWise Medical AB",
                        Map.of())
                .sign(
                        "signatures/insulin-pump/review.jws",
                        "keys/insulin-pump/assessor.jwk",
                        "assessor-review",
                        "Nordic MedSec Assessors",
                        Map.of("outcome", outcome));
    }

    private Workspace controller(String avaVan, int certifiedSl) {
        Map<String, Integer> levels = Map.of(
                "FR1",
                certifiedSl,
                "FR2",
                certifiedSl,
                "FR3",
                certifiedSl,
                "FR4",
                certifiedSl,
                "FR5",
                certifiedSl,
                "FR6",
                certifiedSl,
                "FR7",
                certifiedSl);
        return Workspace.of(dir, "industrial-controller")
                .sign(
                        "signatures/industrial-controller/declaration.jws",
                        "keys/industrial-controller/manufacturer.jwk",
                        "declaration",
                        "Northgate Automation GmbH",
                        Map.of())
                .sign(
                        "signatures/industrial-controller/review.jws",
                        "keys/industrial-controller/assessor.jwk",
                        "assessor-review",
                        "Rheinland Control Assessment",
                        Map.of("outcome", "pass"))
                .sign(
                        "signatures/industrial-controller/certificate.jws",
                        "keys/industrial-controller/certification-body.jwk",
                        "certification",
                        "Euro IACS Certification",
                        Map.of("ava_van", avaVan, "security_levels", levels));
    }
}
