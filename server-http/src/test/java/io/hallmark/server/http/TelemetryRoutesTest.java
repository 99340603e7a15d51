package io.hallmark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.behaviour.Drop;
import io.hallmark.server.behaviour.TelemetryIngest;
import io.hallmark.server.errors.TooManyRequestsException;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.persistence.ConflictException;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /telemetry/v1} through the shared ingestion queues, on plain HTTP (the device's TLS certificate is
 * replaced by a fixed sender): the answer waits for the report's outcome, and full queues answer 503 with
 * {@code Retry-After}.
 */
class TelemetryRoutesTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Device DEVICE = new Device(
            "dev-1",
            "SN-1",
            "org",
            Optional.of("org"),
            Optional.empty(),
            Optional.of("org"),
            DeviceState.ACTIVE,
            false,
            Optional.empty(),
            NOW,
            NOW);

    private final HttpClient http = HttpClient.newHttpClient();

    private static Javalin serve(TelemetryIngest ingest) {
        TelemetryRoutes routes = new TelemetryRoutes(ctx -> DEVICE, ingest);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.jetty.addConnector((server, config) -> {
                ServerConnector c = new ServerConnector(server);
                c.setHost("127.0.0.1");
                c.setPort(0);
                return c;
            });
            cfg.routes.exception(Exception.class, Problems::handle);
            routes.register(cfg.routes);
        });
        return app.start();
    }

    private static int port(Javalin app) {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    private CompletableFuture<HttpResponse<String>> post(Javalin app, String body) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(app) + "/telemetry/v1"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void whenTheQueuesStayFullAReportIsAnswered503WithRetryAfterAndCountedAsQueueFull() throws Exception {
        CountDownLatch judging = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TelemetryIngest.Taker blocked = (d, payload) -> {
            judging.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (TelemetryIngest ingest = new TelemetryIngest(blocked, 1, 1)) {
            Javalin app = serve(ingest);
            try {
                CompletableFuture<HttpResponse<String>> first = post(app, "{\"seq\":1}");
                judging.await(); // the worker holds the first report
                CompletableFuture<HttpResponse<String>> second = post(app, "{\"seq\":2}");
                while (ingest.depth() < 1) {
                    Thread.sleep(10); // until the second fills the queue
                }
                HttpResponse<String> third = post(app, "{\"seq\":3}").get();
                assertThat(third.statusCode()).isEqualTo(503);
                assertThat(third.headers().firstValue("Retry-After")).contains("1");
                assertThat(third.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(third.body()).contains("telemetry ingestion is full");
                assertThat(ingest.dropped(TelemetryIngest.Transport.HTTPS, Drop.QUEUE_FULL))
                        .isEqualTo(1);

                release.countDown();
                assertThat(first.get().statusCode()).as("answered once taken").isEqualTo(202);
                assertThat(second.get().statusCode()).isEqualTo(202);
                assertThat(ingest.accepted(TelemetryIngest.Transport.HTTPS)).isEqualTo(2);
            } finally {
                release.countDown();
                app.stop();
            }
        }
    }

    @Test
    void theServicesRefusalsKeepTheirStatusesOverTheQueue() throws Exception {
        TelemetryIngest.Taker taker = (d, payload) -> {
            String body = new String(payload, StandardCharsets.US_ASCII);
            if (body.contains("dup")) {
                throw new ConflictException("seq 1 is not newer than the last report taken");
            }
            if (body.contains("fast")) {
                throw new TooManyRequestsException("too many reports", 1);
            }
        };
        try (TelemetryIngest ingest = new TelemetryIngest(taker, 10, 2)) {
            Javalin app = serve(ingest);
            try {
                HttpResponse<String> dup = post(app, "{\"dup\":1}").get();
                assertThat(dup.statusCode()).isEqualTo(409);
                assertThat(dup.body()).contains("not newer");
                HttpResponse<String> fast = post(app, "{\"fast\":1}").get();
                assertThat(fast.statusCode()).isEqualTo(429);
                assertThat(fast.headers().firstValue("Retry-After")).contains("1");
                assertThat(post(app, "{}").get().statusCode()).isEqualTo(202);
                assertThat(ingest.dropped(TelemetryIngest.Transport.HTTPS, Drop.DUPLICATE))
                        .isEqualTo(1);
                assertThat(ingest.dropped(TelemetryIngest.Transport.HTTPS, Drop.RATE_LIMITED))
                        .isEqualTo(1);
            } finally {
                app.stop();
            }
        }
    }
}
