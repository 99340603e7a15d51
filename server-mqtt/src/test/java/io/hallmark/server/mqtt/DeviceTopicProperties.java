package io.hallmark.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/** The topic parser reads what devices send: any string, never an exception, never a wildcard serial. */
class DeviceTopicProperties {
    @Property(tries = 2000)
    void anyTopicParsesWithoutErrorAndNeverYieldsAWildcardOrEmptySerial(@ForAll String topic) {
        Optional<DeviceTopic> parsed = DeviceTopic.parse(topic);
        parsed.ifPresent(t -> {
            assertThat(t.serial()).isNotEmpty().doesNotContain("/", "+", "#");
            assertThat(t.serial().length()).isLessThanOrEqualTo(DeviceTopic.MAX_SERIAL);
        });
    }

    @Property(tries = 1000)
    void anyDeviceTopicPrefixedStringParsesWithoutError(@ForAll String rest) {
        Optional<DeviceTopic> parsed = DeviceTopic.parse(DeviceTopic.PREFIX + rest);
        parsed.ifPresent(t -> assertThat(rest).startsWith(t.serial()));
    }

    @Property(tries = 500)
    void aSerialRoundTripsThroughItsTelemetryTopic(
            @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 64) String serial) {
        String topic = DeviceTopic.telemetry(serial);
        DeviceTopic t = DeviceTopic.parse(topic).orElseThrow();
        assertThat(t.serial()).isEqualTo(serial);
        assertThat(t.isTelemetry(topic)).isTrue();
    }
}
