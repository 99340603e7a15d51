package io.hallmark.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedInstallerTest {
    @TempDir
    Path dir;

    private static byte[] image(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aNewerImageThatPassesItsSelfTestBecomesTheActiveSlot() {
        SimulatedInstaller i = new SimulatedInstaller(dir, "1.0.0", img -> true);

        Installer.InstallResult r = i.install("1.1.0", image("v1.1.0"));

        assertThat(r.installed()).isTrue();
        assertThat(i.currentVersion()).isEqualTo("1.1.0");
        assertThat(i.activeSlot()).isEqualTo("b");
        assertThat(new SimulatedInstaller(dir, "0", img -> true).currentVersion())
                .isEqualTo("1.1.0");
    }

    @Test
    void anImageThatFailsItsSelfTestLeavesTheDeviceOnThePreviousSlot() {
        SimulatedInstaller i = new SimulatedInstaller(dir, "1.0.0", img -> !new String(img).contains("broken"));

        Installer.InstallResult r = i.install("1.1.0", image("broken build"));

        assertThat(r.installed()).isFalse();
        assertThat(r.reason()).contains("self-test", "slot a");
        assertThat(i.currentVersion()).isEqualTo("1.0.0");
        assertThat(i.activeSlot()).isEqualTo("a");
    }

    @Test
    void theVersionNeverGoesDown() {
        SimulatedInstaller i = new SimulatedInstaller(dir, "2.0.0", img -> true);

        assertThat(i.install("1.9.9", image("old")).installed()).isFalse();
        assertThat(i.install("2.0.0", image("same")).installed()).isFalse();
        assertThat(i.currentVersion()).isEqualTo("2.0.0");
    }

    @Test
    void versionsCompareNumericPartsAsNumbers() {
        assertThat(Versions.compare("1.10.0", "1.9.0")).isPositive();
        assertThat(Versions.compare("1.2", "1.2.1")).isNegative();
        assertThat(Versions.compare("2.0.0-rc1", "2.0.0-rc2")).isNegative();
        assertThat(Versions.compare("3.0", "3.0")).isZero();
    }
}
