package io.hallmark.server.fleetaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.server.errors.InvalidRequestException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MitigationPolicyTest {
    private static MitigationPolicy policy(List<MitigationPolicy.Rule> rules) {
        return new MitigationPolicy(rules, Optional.empty(), Optional.empty());
    }

    @Test
    void aFindingGetsTheActionsOfEveryRuleMatchingItsCheckOrItsSeverity() {
        MitigationPolicy p = policy(MitigationPolicy.rules(
                List.of("device.credentials.default", "critical", "medium"),
                List.of(List.of("quarantine"), List.of("notify"), List.of("rollout"))));
        assertThat(p.actionsFor(AuditCheck.DEVICE_CREDENTIALS_DEFAULT))
                .containsExactlyInAnyOrder(MitigationPolicy.Action.QUARANTINE, MitigationPolicy.Action.NOTIFY);
        assertThat(p.actionsFor(AuditCheck.DEVICE_KEY_ROCA)).containsExactly(MitigationPolicy.Action.NOTIFY);
        assertThat(p.actionsFor(AuditCheck.DEVICE_FIRMWARE_BEHIND))
                .as("high: no rule")
                .isEmpty();
        assertThat(MitigationPolicy.NONE.actionsFor(AuditCheck.DEVICE_CREDENTIALS_DEFAULT))
                .isEmpty();
    }

    @Test
    void rulesRoundTripThroughTheirStoredForm() {
        MitigationPolicy p = policy(MitigationPolicy.rules(
                List.of("high", "device.certificate.shared"),
                List.of(List.of("notify", "rollout"), List.of("quarantine", "notify"))));
        assertThat(p.encode()).isEqualTo("high=notify,rollout\ndevice.certificate.shared=notify,quarantine\n");
        assertThat(MitigationPolicy.decode(p.encode())).isEqualTo(p.rules());
    }

    @Test
    void badRulesAreRefusedNamingTheRule() {
        assertThatThrownBy(() -> MitigationPolicy.rules(List.of("no.such"), List.of(List.of("notify"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("rules[0].match: no.such");
        assertThatThrownBy(() ->
                        MitigationPolicy.rules(List.of("high", "high"), List.of(List.of("notify"), List.of("notify"))))
                .hasMessageContaining("rules[1].match: high (expected: each match once)");
        assertThatThrownBy(() -> MitigationPolicy.rules(List.of("high"), List.of(List.of("reboot"))))
                .hasMessageContaining("rules[0].actions: reboot");
        assertThatThrownBy(() -> MitigationPolicy.rules(List.of("high"), Collections.singletonList(null)))
                .hasMessageContaining("rules[0].actions: none");
        List<String> many = Collections.nCopies(MitigationPolicy.MAX_RULES + 1, "high");
        assertThatThrownBy(() -> MitigationPolicy.rules(many, Collections.nCopies(many.size(), List.of("notify"))))
                .hasMessageContaining("at most 64");
    }

    @Property(tries = 1000)
    void anyStoredTextDecodesToValidRulesWithoutThrowing(@ForAll("stored") String text) {
        List<MitigationPolicy.Rule> rules = MitigationPolicy.decode(text);
        for (MitigationPolicy.Rule r : rules) {
            assertThat(r.actions()).isNotEmpty();
            assertThat(r.match()).isNotBlank();
        }
        assertThat(MitigationPolicy.decode(policy(rules).encode())).isEqualTo(rules);
    }

    @Provide
    Arbitrary<String> stored() {
        Arbitrary<String> token = Arbitraries.of(
                "high", "=", ",", "\n", "notify", "quarantine", "rollout", "x", " ", "device.key.weak", "==", "\t");
        return token.list().ofMaxSize(20).map(l -> String.join("", l));
    }

    @Test
    void anActionHasAWireName() {
        assertThat(MitigationPolicy.Action.parse("rollout")).contains(MitigationPolicy.Action.ROLLOUT);
        assertThat(MitigationPolicy.Action.parse("ROLLOUT")).isEmpty();
        assertThat(Set.of(MitigationPolicy.Action.values())).hasSize(3);
    }
}
