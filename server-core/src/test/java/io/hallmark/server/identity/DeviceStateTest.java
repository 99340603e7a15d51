package io.hallmark.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceStateTest {
    @Test
    void theMainLineRunsFromManufacturedToActive() {
        assertThat(DeviceState.MANUFACTURED.canMoveTo(DeviceState.OWNED)).isTrue();
        assertThat(DeviceState.OWNED.canMoveTo(DeviceState.ENROLLED)).isTrue();
        assertThat(DeviceState.ENROLLED.canMoveTo(DeviceState.ACTIVE)).isTrue();
        assertThat(DeviceState.ACTIVE.canMoveTo(DeviceState.QUARANTINED)).isTrue();
        assertThat(DeviceState.QUARANTINED.canMoveTo(DeviceState.ACTIVE)).isTrue();
    }

    @Test
    void noStepIsSkippedAndNothingLeavesDecommissioned() {
        assertThat(DeviceState.MANUFACTURED.canMoveTo(DeviceState.ACTIVE)).isFalse();
        assertThat(DeviceState.OWNED.canMoveTo(DeviceState.QUARANTINED)).isFalse();
        assertThat(DeviceState.MANUFACTURED.canMoveTo(DeviceState.MANUFACTURED)).isFalse();
        assertThat(DeviceState.DECOMMISSIONED.successors()).isEmpty();
    }

    @Test
    void everyLiveStateMayBeDecommissionedAndEveryOwnedOneTransferred() {
        for (DeviceState s : DeviceState.values()) {
            if (s != DeviceState.DECOMMISSIONED) {
                assertThat(s.canMoveTo(DeviceState.DECOMMISSIONED)).as(s.name()).isTrue();
            }
            if (s != DeviceState.MANUFACTURED && s != DeviceState.DECOMMISSIONED) {
                assertThat(s.canMoveTo(DeviceState.MANUFACTURED)).as(s.name()).isTrue();
            }
        }
    }

    @Test
    void wireNamesRoundTripAndAnUnknownNameListsTheValidOnes() {
        for (DeviceState s : DeviceState.values()) {
            assertThat(DeviceState.fromWire(s.wire())).isEqualTo(s);
        }
        assertThatThrownBy(() -> DeviceState.fromWire("broken")).hasMessageContaining("quarantined");
    }
}
