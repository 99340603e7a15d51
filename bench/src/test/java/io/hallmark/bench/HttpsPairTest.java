package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpsPairTest {
    @Test
    void bareJettyAnswersTheBodyHallmarkAnswersWithTheSameCertificate() {
        try (HttpsPair pair = HttpsPair.start()) {
            HttpResponse<byte[]> hallmark = pair.get(pair.hallmarkUri());
            HttpResponse<byte[]> bare = pair.get(pair.bareUri());

            assertThat(hallmark.statusCode()).isEqualTo(200);
            assertThat(bare.statusCode()).isEqualTo(200);
            assertThat(bare.body()).isEqualTo(hallmark.body()).isEqualTo(pair.body());
            assertThat(bare.headers().firstValue("Content-Type")).hasValue("application/json");
            // both handshakes were checked against the platform root by the client that sent them
            assertThat(hallmark.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(bare.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void scenarioPrintsOneRoundSideBySideWhenWrkIsInstalled() {
        assumeTrue(Wrk.isInstalled(), "wrk is not installed");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        HttpsGetScenario.run(
                HttpsGetScenario.Settings.parse("-t", "1", "-c", "2", "-d", "1", "--warmup", "0", "--rounds", "1"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table)
                .containsPattern("(?m)^1 +hallmark GET /api/v1/me +\\d+ ")
                .containsPattern("(?m)^1 +hallmark GET /healthz \\(no auth\\) +\\d+ ")
                .containsPattern("(?m)^mean +bare jetty GET /api/v1/me +\\d+$")
                .containsPattern("(?m)^ratio .* = \\d+\\.\\d\\d$");
    }
}
