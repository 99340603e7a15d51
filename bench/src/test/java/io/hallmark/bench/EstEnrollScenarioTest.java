package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EstEnrollScenarioTest {
    @Test
    void scenarioEnrollsDevicesAndPrintsTheReferencesSideBySide() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        EstEnrollScenario.run(
                EstEnrollScenario.Settings.parse("--devices", "3", "-d", "1", "--rounds", "1", "--threads", "2"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table)
                .containsPattern("(?m)^1 +2 +enroll \\(new TLS, Basic\\) +\\d+$")
                .containsPattern("(?m)^1 +2 +mTLS handshake \\+ GET /healthz +\\d+$")
                .containsPattern("(?m)^mean +2 +raw issuance \\(BouncyCastle\\) +\\d+$")
                .containsPattern("(?m)^ratio +2 threads: .* = \\d+\\.\\d\\d$");
    }
}
