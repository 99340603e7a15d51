package io.hallmark.server.http;

import static io.hallmark.server.access.Permission.DEVICE_READ;
import static io.hallmark.server.access.Permission.PRODUCT_READ;
import static io.hallmark.server.access.Permission.PRODUCT_WRITE;

import io.hallmark.protocol.telemetry.TelemetryCodec;
import io.hallmark.protocol.v1.ProductMudView;
import io.hallmark.server.behaviour.Drop;
import io.hallmark.server.behaviour.TelemetryIngest;
import io.hallmark.server.behaviour.TelemetryService;
import io.hallmark.server.behaviour.mud.NftablesExport;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.identity.Device;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Telemetry over HTTPS ({@code docs/protocol/telemetry.md}): devices {@code POST /telemetry/v1} on the device port
 * with their operational certificate; the report goes through the same {@link TelemetryIngest} as MQTT reports (its
 * device's shard, judged in arrival order by one worker), and the answer waits for its outcome: 202 when taken, 400
 * malformed or naming another device, 409 not newer than the last, 429 faster than the device's intake, 401/403 for
 * no device or an inactive one, 503 with {@code Retry-After} when the ingestion queues stay full (backpressure).
 * Operators read a device's latest report at {@code GET /api/v1/devices/{device}/telemetry}.
 */
final class TelemetryRoutes {
    /** How long a request waits for room in its shard's queue before it is answered 503. */
    static final long QUEUE_WAIT_MILLIS = 200;

    /** How long a request waits for its report to be judged once queued. */
    static final long ANSWER_WAIT_SECONDS = 30;

    /** When a device turned away by full queues may send again, in seconds. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final Function<Context, Device> senders;
    private final TelemetryIngest ingest;

    TelemetryRoutes(TelemetryService telemetry, TelemetryIngest ingest) {
        this(
                ctx -> {
                    Device device = BrskiRoutes.clientCertificate(ctx)
                            .flatMap(telemetry::deviceOf)
                            .orElse(null);
                    if (device == null) {
                        ingest.count(TelemetryIngest.Transport.HTTPS, Drop.REFUSED);
                        telemetry.accept((Device) null, new byte[0]); // refused and counted: 401
                    }
                    return device;
                },
                ingest);
    }

    /**
     * Routes with {@code senders} naming the device that sent a request (throwing the refusal when none).
     */
    TelemetryRoutes(Function<Context, Device> senders, TelemetryIngest ingest) {
        this.senders = senders;
        this.ingest = ingest;
    }

    /** The device port's ingestion route. */
    void register(RoutesConfig routes) {
        routes.addHttpHandler(HandlerType.POST, "/telemetry/v1", this::ingest);
    }

    private void ingest(Context ctx) throws InterruptedException {
        String type = Optional.ofNullable(ctx.header("Content-Type")).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json")) {
            Problems.write(
                    ctx,
                    Problems.problem(
                            415,
                            "unsupported-media-type",
                            "Unsupported media type",
                            "Content-Type: expected application/json",
                            ctx));
            return;
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > TelemetryCodec.MAX_BYTES) {
            ingest.count(TelemetryIngest.Transport.HTTPS, Drop.TOO_LARGE);
            Problems.write(
                    ctx,
                    Problems.problem(
                            413,
                            "too-large",
                            "Payload too large",
                            "a report is at most " + TelemetryCodec.MAX_BYTES + " bytes",
                            ctx));
            return;
        }
        Device device = senders.apply(ctx);
        CompletableFuture<TelemetryIngest.Outcome> answer = new CompletableFuture<>();
        if (!ingest.put(TelemetryIngest.Transport.HTTPS, device, body, answer::complete, QUEUE_WAIT_MILLIS)) {
            busy(ctx, "telemetry ingestion is full; send the report again later");
            return;
        }
        TelemetryIngest.Outcome outcome;
        try {
            outcome = answer.get(ANSWER_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // still queued: it is judged later, and a repeat of it is refused as a duplicate
            busy(ctx, "telemetry ingestion is slow; the report may still be taken");
            return;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the ingestion answer failed", e.getCause());
        }
        if (outcome.refusal().isPresent()) {
            throw outcome.refusal().get(); // the same problem as the service's refusal (Problems.handle)
        }
        ctx.status(202);
    }

    /** 503 with {@code Retry-After} (RFC 9110 §15.6.4, §10.2.3): the server is overloaded, not the device at fault. */
    private static void busy(Context ctx, String detail) {
        ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        Problems.write(ctx, Problems.problem(503, "busy", "Service unavailable", detail, ctx));
    }

    /** The operator API's route. */
    static void define(ApiRoutes r, ApiServices s) {
        r.route(
                "GET",
                "/api/v1/devices/{device}/telemetry",
                "getDeviceTelemetry",
                "A device's latest telemetry report (docs/protocol/telemetry.md) and when it arrived",
                Set.of(DEVICE_READ),
                null,
                null,
                200,
                false,
                (ctx, c) -> {
                    TelemetryService.Latest latest = s.telemetry()
                            .latest(c, ctx.pathParam("device"))
                            .orElseThrow(() -> new NotFoundException("no telemetry from this device since start"));
                    ctx.header(
                            "Last-Modified",
                            java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                    latest.receivedAt().atZone(java.time.ZoneOffset.UTC)));
                    // the report as the device sent it (docs/protocol/telemetry.md), with when and what MUD refused
                    String body = "{\"receivedAt\":"
                            + new String(Json.encode(latest.receivedAt().toString()), StandardCharsets.UTF_8)
                            + ",\"violations\":"
                            + new String(Json.encode(latest.violations()), StandardCharsets.UTF_8)
                            + ",\"report\":"
                            + new String(TelemetryCodec.encode(latest.report()), StandardCharsets.UTF_8)
                            + "}";
                    return new ApiRoutes.Raw("application/json", body.getBytes(StandardCharsets.UTF_8));
                });
        r.route(
                "PUT",
                "/api/v1/products/{product}/mud",
                "attachProductMud",
                "Attach the product's MUD file (RFC 8520, the JSON as body); its ACLs become the devices' allow-list",
                Set.of(PRODUCT_WRITE),
                null,
                ProductMudView.class,
                200,
                true,
                (ctx, c) -> {
                    var file = s.identity()
                            .products()
                            .attachMud(c, ctx.queryParam("org"), ctx.pathParam("product"), ctx.bodyAsBytes());
                    return new ProductMudView(
                            ctx.pathParam("product"),
                            file.mud().mudUrl(),
                            file.acls().size());
                });
        r.route(
                "GET",
                "/api/v1/products/{product}/mud/nftables",
                "exportProductFirewall",
                "The product's MUD policy as nftables rules a gateway can load (nft -f)",
                Set.of(PRODUCT_READ),
                null,
                null,
                200,
                false,
                (ctx, c) -> {
                    var policy = s.identity()
                            .products()
                            .mud(c, ctx.queryParam("org"), ctx.pathParam("product"))
                            .orElseThrow(() -> new NotFoundException("the product has no MUD file"));
                    String set = ctx.queryParam("set") == null ? "devices" : ctx.queryParam("set");
                    try {
                        return new ApiRoutes.Raw(
                                "text/plain; charset=utf-8",
                                NftablesExport.render(policy, set).getBytes(StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        throw new io.hallmark.server.errors.InvalidRequestException(e.getMessage());
                    }
                });
    }
}
