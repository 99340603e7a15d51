package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.server.behaviour.TelemetryIngest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MqttScenarioTest {
    @Test
    void scenarioPublishesThroughTheEmbeddedBrokerAndPrintsMosquittoBesideIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        MqttScenario.run(
                MqttScenario.Settings.parse("--devices", "2", "-d", "1", "--rounds", "1"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("mosquitto: 2 subscribers on $share/bench/hallmark/d/+/telemetry");
        assertThat(table).containsPattern("(?m)^1 +hallmark \\(embedded broker, answered\\) +[1-9]\\d* +[1-9]\\d*$");
        if (!table.contains("mosquitto is not installed")) {
            assertThat(table)
                    .containsPattern("(?m)^1 +mosquitto \\(publish -> subscribe\\) +[1-9]\\d* +-$")
                    .containsPattern("(?m)^ratio +hallmark / mosquitto = .* = \\d+\\.\\d\\d$");
        }
    }

    @Test
    void theMosquittoReferenceReadsWithAsManySharedSubscribersAsHallmarkHasShardsUnlessToldOtherwise() {
        assertThat(MqttScenario.Settings.parse().subscribers()).isEqualTo(TelemetryIngest.DEFAULT_SHARDS);
        assertThat(MqttScenario.Settings.parse("--subscribers", "8").subscribers())
                .isEqualTo(8);
        assertThatThrownBy(() -> MqttScenario.Settings.parse("--subscribers", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..64 subscribers");
    }
}
