package io.hallmark.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceTopicTest {
    @Test
    void telemetryTopicNamesTheSerialAndTheKind() {
        DeviceTopic t = DeviceTopic.parse("hallmark/d/HM-00042/telemetry").orElseThrow();
        assertThat(t.serial()).isEqualTo("HM-00042");
        assertThat(t.kind()).isEqualTo("telemetry");
        assertThat(t.isTelemetry("hallmark/d/HM-00042/telemetry")).isTrue();
    }

    @Test
    void levelsBelowTheKindAreNotTheTelemetryTopic() {
        DeviceTopic t = DeviceTopic.parse("hallmark/d/HM-1/telemetry/x").orElseThrow();
        assertThat(t.kind()).isEqualTo("telemetry");
        assertThat(t.isTelemetry("hallmark/d/HM-1/telemetry/x")).isFalse();
        assertThat(DeviceTopic.parse("hallmark/d/HM-1/commands/#").orElseThrow().kind())
                .isEqualTo("commands");
        assertThat(DeviceTopic.parse("hallmark/d/HM-1").orElseThrow().kind()).isEmpty();
    }

    @Test
    void wildcardsEmptyOrLongSerialsAndOtherTreesNameNoDevice() {
        assertThat(DeviceTopic.parse("hallmark/d/+/telemetry")).isEmpty();
        assertThat(DeviceTopic.parse("hallmark/d/#")).isEmpty();
        assertThat(DeviceTopic.parse("hallmark/d/a+b/telemetry")).isEmpty();
        assertThat(DeviceTopic.parse("hallmark/d//telemetry")).isEmpty();
        assertThat(DeviceTopic.parse("hallmark/d/" + "x".repeat(65) + "/telemetry"))
                .isEmpty();
        assertThat(DeviceTopic.parse("other/d/HM-1/telemetry")).isEmpty();
        assertThat(DeviceTopic.parse("#")).isEmpty();
        assertThat(DeviceTopic.parse(null)).isEmpty();
    }

    @Test
    void theTelemetryTopicOfASerialParsesBack() {
        assertThat(DeviceTopic.parse(DeviceTopic.telemetry("SN-7")).orElseThrow())
                .isEqualTo(new DeviceTopic("SN-7", "telemetry"));
    }
}
