package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WrkTest {
    private static final String SUMMARY = """
            Running 15s test @ https://127.0.0.1:40123/api/v1/me
              2 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     3.10ms    1.20ms  40.00ms   90.00%
                Req/Sec     5.20k   300.00     6.00k    70.00%
              Latency Distribution
                 50%    2.90ms
                 75%    3.40ms
                 90%    4.10ms
                 99%    7.80ms
              155000 requests in 15.00s, 30.00MB read
            Requests/sec:  10333.12
            Transfer/sec:      2.00MB
            """;

    @Test
    void readsRequestsPerSecondAndLatencyPercentiles() {
        Wrk.Result r = Wrk.parse(SUMMARY);

        assertThat(r.requestsPerSecond()).isEqualTo(10333.12);
        assertThat(r.p50()).isEqualTo("2.90ms");
        assertThat(r.p99()).isEqualTo("7.80ms");
    }

    @Test
    void aRunWithErrorResponsesIsNoMeasurement() {
        String failed = SUMMARY.replace("Requests/sec", "  Non-2xx or 3xx responses: 155000\nRequests/sec");

        assertThatThrownBy(() -> Wrk.parse(failed)).hasMessageStartingWith("155000 responses were not 2xx/3xx");
    }

    @Test
    void aRunWithSocketErrorsIsNoMeasurement() {
        String failed =
                SUMMARY.replace("Requests/sec", "  Socket errors: connect 0, read 3, write 0, timeout 0\nRequests/sec");

        assertThatThrownBy(() -> Wrk.parse(failed)).hasMessageContaining("read 3");
    }

    @Test
    void rejectsFewerConnectionsThanThreads() {
        assertThatThrownBy(() -> new Wrk(4, 2, 10)).hasMessageContaining("-t4 -c2 -d10s");
    }
}
