package io.hallmark.server.assurance;

import static io.hallmark.server.assurance.Labels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.assurance.Level;
import io.hallmark.server.assurance.LabelStatus.Facts;
import io.hallmark.server.assurance.LabelStatus.Reason;
import io.hallmark.server.assurance.LabelStatus.Result;
import io.hallmark.server.assurance.LabelStatus.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LabelStatusTest {
    private static final Instant NOW = T0.plus(Duration.ofDays(10));

    private static final Duration DEADLINE = Duration.ofDays(30);

    /** Vulnerabilities known for 40 days (past a 30-day deadline) and a fleet of 100 devices with {@code failing}. */
    private static Facts facts(Optional<LocalDate> supportUntil, List<String> vulns, OptionalInt failing) {
        return new Facts(
                NOW,
                supportUntil,
                vulns.stream()
                        .map(v -> new LabelSignals.OpenVulnerability(
                                v, NOW.minus(Duration.ofDays(40)), "CVSS 9.8; in cam 1.0: pkg:npm/x@1"))
                        .toList(),
                DEADLINE,
                failing.isPresent()
                        ? Optional.of(new LabelSignals.FleetIntegrity(100, failing.getAsInt()))
                        : Optional.empty());
    }

    private static Facts nothing() {
        return facts(Optional.empty(), List.of(), OptionalInt.empty());
    }

    @Test
    void aCriticalVulnerabilityWithinItsDeadlineDoesNotSuspendAndOnePastItDoes() {
        Label l = Labels.issued(Level.L2);
        LabelSignals.OpenVulnerability v = new LabelSignals.OpenVulnerability(
                "GHSA-1234", NOW.minus(DEADLINE).plusSeconds(1), "CVSS 9.8");
        Facts within = new Facts(NOW, Optional.empty(), List.of(v), DEADLINE, Optional.empty());
        assertThat(LabelStatus.evaluate(l, within).status()).isEqualTo(Status.VALID);
        Facts due = new Facts(NOW.plusSeconds(1), Optional.empty(), List.of(v), DEADLINE, Optional.empty());
        Result r = LabelStatus.evaluate(l, due);
        assertThat(r.status()).isEqualTo(Status.SUSPENDED);
        assertThat(r.reasons()).singleElement().satisfies(reason -> {
            assertThat(reason.id()).isEqualTo("label.vulnerability-overdue");
            assertThat(reason.message())
                    .contains("GHSA-1234")
                    .contains("CVSS 9.8")
                    .contains("30 days");
        });
    }

    @Test
    void theFleetShareIsRoundedUpSoThatAnyShareAboveTheThresholdSuspends() {
        assertThat(new LabelSignals.FleetIntegrity(20, 1).percent()).isEqualTo(5);
        assertThat(new LabelSignals.FleetIntegrity(19, 1).percent()).isEqualTo(6);
        assertThat(new LabelSignals.FleetIntegrity(1000, 0).percent()).isZero();
        assertThat(new LabelSignals.FleetIntegrity(3, 3).percent()).isEqualTo(100);
        Facts f = new Facts(
                NOW, Optional.empty(), List.of(), DEADLINE, Optional.of(new LabelSignals.FleetIntegrity(19, 1)));
        Result r = LabelStatus.evaluate(Labels.issued(Level.L1), f);
        assertThat(r.status()).isEqualTo(Status.SUSPENDED);
        assertThat(r.reasons().get(0).message())
                .contains("1 of 19 attested devices (6%)")
                .contains("threshold: 5%");
    }

    @Test
    void anIssuedLabelWithNothingAgainstItIsValid() {
        Result r = LabelStatus.evaluate(Labels.issued(Level.L1), nothing());
        assertThat(r.status()).isEqualTo(Status.VALID);
        assertThat(r.reasons()).isEmpty();
    }

    @Test
    void theSupportPeriodIncludesItsLastDayAndEndsAfterIt() {
        LocalDate today = LocalDate.of(2026, 3, 11);
        assertThat(LabelStatus.evaluate(
                                Labels.issued(Level.L1), facts(Optional.of(today), List.of(), OptionalInt.empty()))
                        .status())
                .isEqualTo(Status.VALID);
        Result r = LabelStatus.evaluate(
                Labels.issued(Level.L1), facts(Optional.of(today.minusDays(1)), List.of(), OptionalInt.empty()));
        assertThat(r.status()).isEqualTo(Status.SUSPENDED);
        assertThat(r.reasons()).extracting(Reason::id).containsExactly("label.support-ended");
        assertThat(r.reasons().get(0).message()).contains("2026-03-10");
    }

    @Test
    void anOverdueCriticalVulnerabilitySuspendsAndIsNamed() {
        Result r = LabelStatus.evaluate(
                Labels.issued(Level.L2), facts(Optional.empty(), List.of("CVE-2026-0001"), OptionalInt.empty()));
        assertThat(r.status()).isEqualTo(Status.SUSPENDED);
        assertThat(r.reasons()).extracting(Reason::id).containsExactly("label.vulnerability-overdue");
        assertThat(r.reasons().get(0).message()).contains("CVE-2026-0001");
    }

    @Test
    void integrityFailuresSuspendOnlyAboveTheLabelsThreshold() {
        assertThat(LabelStatus.evaluate(Labels.issued(Level.L1), facts(Optional.empty(), List.of(), OptionalInt.of(5)))
                        .status())
                .isEqualTo(Status.VALID);
        Result r = LabelStatus.evaluate(Labels.issued(Level.L1), facts(Optional.empty(), List.of(), OptionalInt.of(6)));
        assertThat(r.status()).isEqualTo(Status.SUSPENDED);
        assertThat(r.reasons()).extracting(Reason::id).containsExactly("label.integrity-failures");
    }

    @Test
    void everyReasonForASuspensionIsGiven() {
        Result r = LabelStatus.evaluate(
                Labels.issued(Level.L1),
                facts(Optional.of(LocalDate.of(2026, 1, 1)), List.of("CVE-1", "CVE-2"), OptionalInt.of(50)));
        assertThat(r.reasons())
                .extracting(Reason::id)
                .containsExactly(
                        "label.support-ended",
                        "label.vulnerability-overdue",
                        "label.vulnerability-overdue",
                        "label.integrity-failures");
    }

    @Test
    void aLabelPastItsExpiryIsExpiredWhateverElseHolds() {
        Label l = Labels.issued(Level.L1);
        Facts late = new Facts(
                l.issue().orElseThrow().expiresAt(),
                Optional.of(LocalDate.of(2026, 1, 1)),
                List.of(new LabelSignals.OpenVulnerability("CVE-1", T0, "CVSS 10.0")),
                DEADLINE,
                Optional.empty());
        Result r = LabelStatus.evaluate(l, late);
        assertThat(r.status()).isEqualTo(Status.EXPIRED);
        assertThat(r.reasons()).extracting(Reason::id).containsExactly("label.expired");
    }

    @Test
    void aRevokedLabelIsRevokedEvenWhenExpiredAndSaysWhy() {
        Label l = Labels.issued(Level.L1).withRevocation(new Label.Revocation("usr_ADMIN", T0, "key leaked"));
        Facts late = new Facts(
                l.issue().orElseThrow().expiresAt().plusSeconds(1),
                Optional.empty(),
                List.of(),
                DEADLINE,
                Optional.empty());
        Result r = LabelStatus.evaluate(l, late);
        assertThat(r.status()).isEqualTo(Status.REVOKED);
        assertThat(r.reasons()).extracting(Reason::id).containsExactly("label.revoked");
        assertThat(r.reasons().get(0).message()).contains("key leaked");
    }

    @Test
    void aLabelNeverIssuedHasNoStatus() {
        assertThatThrownBy(() -> LabelStatus.evaluate(Labels.requested(Level.L1, Level.L1), nothing()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: issued");
    }
}
