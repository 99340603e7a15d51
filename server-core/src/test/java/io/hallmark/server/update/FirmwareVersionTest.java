package io.hallmark.server.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FirmwareVersionTest {

    @Test
    void keysSortAsVersionsDo() {
        List<String> ordered = List.of("0.9", "1.2.0-rc.1", "1.2", "1.2.0.1", "1.9.0", "1.10.0", "2.0.0+build.7", "10");
        List<String> keys =
                ordered.stream().map(v -> FirmwareVersion.key(v).orElseThrow()).toList();
        assertThat(keys).isSorted().doesNotHaveDuplicates();
        assertThat(FirmwareVersion.key("v1.2")).isEqualTo(FirmwareVersion.key("1.2.0"));
    }

    @Test
    void versionsWithoutLeadingNumbersHaveNoKey() {
        assertThat(FirmwareVersion.key("beta")).isEmpty();
        assertThat(FirmwareVersion.key("1.2.3.4.5.6.7")).isEmpty();
        assertThat(FirmwareVersion.key("1..2")).isEmpty();
        assertThat(FirmwareVersion.key("1 2")).isEmpty();
        assertThat(FirmwareVersion.key(null)).isEmpty();
    }

    @Property
    void numericVersionsCompareByTheirNumbers(
            @ForAll @IntRange(max = 100_000) int a1,
            @ForAll @IntRange(max = 100_000) int a2,
            @ForAll @IntRange(max = 100_000) int b1,
            @ForAll @IntRange(max = 100_000) int b2) {
        String a = FirmwareVersion.key(a1 + "." + a2).orElseThrow();
        String b = FirmwareVersion.key(b1 + "." + b2).orElseThrow();
        int expected = a1 != b1 ? Integer.compare(a1, b1) : Integer.compare(a2, b2);
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(expected);
    }

    @Property
    void anyTextIsRefusedOrKeyedWithoutThrowing(@ForAll String text) {
        assertThat(FirmwareVersion.key(text)).isNotNull();
    }
}
