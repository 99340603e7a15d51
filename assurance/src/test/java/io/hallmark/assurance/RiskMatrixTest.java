package io.hallmark.assurance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.assurance.Assessment.RiskLevel;
import io.hallmark.assurance.AttackPotentialResult.Rating;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RiskMatrixTest {

    @ParameterizedTest(name = "likelihood {0} x impact {1} = {2}")
    @CsvSource({
        // corners
        "1, 1, LOW",
        "1, 5, MEDIUM",
        "5, 1, MEDIUM",
        "5, 5, CRITICAL",
        // the diagonal
        "2, 2, LOW",
        "3, 3, MEDIUM",
        "4, 4, HIGH",
        // where the bands change
        "4, 2, MEDIUM",
        "4, 3, HIGH",
        "4, 5, CRITICAL",
        "5, 2, HIGH",
        "5, 4, CRITICAL",
        "3, 4, HIGH",
        "2, 5, HIGH",
        "2, 3, MEDIUM",
        "3, 2, MEDIUM",
        "1, 4, MEDIUM",
        "1, 3, LOW",
        // not exploitable
        "0, 5, NONE"
    })
    void cellsFollowTheDocumentedMatrix(int likelihood, int impact, RiskLevel expected) {
        assertThat(RiskMatrix.level(likelihood, impact)).isEqualTo(expected);
    }

    @Test
    void weakerAttackersMeanHigherLikelihood() {
        assertThat(RiskMatrix.likelihood(new AttackPotentialResult(0, Rating.BASIC, true)))
                .isEqualTo(5);
        assertThat(RiskMatrix.likelihood(new AttackPotentialResult(12, Rating.ENHANCED_BASIC, true)))
                .isEqualTo(4);
        assertThat(RiskMatrix.likelihood(new AttackPotentialResult(17, Rating.MODERATE, true)))
                .isEqualTo(3);
        assertThat(RiskMatrix.likelihood(new AttackPotentialResult(22, Rating.HIGH, true)))
                .isEqualTo(2);
        assertThat(RiskMatrix.likelihood(new AttackPotentialResult(30, Rating.BEYOND_HIGH, true)))
                .isEqualTo(1);
        assertThat(RiskMatrix.likelihood(new AttackPotentialResult(null, null, false)))
                .isZero();
    }

    @Test
    void cellsOutsideTheMatrixAreProgrammingErrors() {
        assertThatThrownBy(() -> RiskMatrix.level(6, 1)).hasMessage("likelihood: 6 (expected: 0..5)");
        assertThatThrownBy(() -> RiskMatrix.level(3, 0)).hasMessage("impact: 0 (expected: 1..5)");
    }
}
