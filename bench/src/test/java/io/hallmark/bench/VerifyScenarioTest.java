package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VerifyScenarioTest {
    private static final Path CAMERA = Path.of("..", "examples", "camera.yaml");

    @Test
    void theLabelSetUpIsIssuedAndItsStatusIsValid() {
        try (HttpsPair pair = HttpsPair.start()) {
            String id = VerifyScenario.issueLabel(pair, CAMERA);
            HttpResponse<byte[]> r = pair.get(URI.create(pair.hallmarkBase() + "/verify/" + id));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("valid", "L1");
        }
    }

    @Test
    void scenarioPrintsOneRoundWhenWrkIsInstalled() {
        assumeTrue(Wrk.isInstalled(), "wrk is not installed");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        VerifyScenario.run(
                HttpsGetScenario.Settings.parse("-t", "1", "-c", "2", "-d", "1", "--warmup", "0", "--rounds", "1"),
                CAMERA,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .containsPattern("(?m)^1 +hallmark GET /verify/\\{id} json +\\d+ ")
                .containsPattern("(?m)^mean +hallmark GET /verify/\\{id} html +\\d+");
    }
}
