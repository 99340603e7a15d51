package io.hallmark.server.http;

import static io.hallmark.server.access.Permission.DEVICE_READ;

import io.hallmark.protocol.telemetry.TelemetryCodec;
import io.hallmark.server.behaviour.TelemetryService;
import io.hallmark.server.errors.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Telemetry over HTTPS ({@code docs/protocol/telemetry.md}): devices {@code POST /telemetry/v1} on the device port
 * with their operational certificate (202 when taken, 400 malformed or naming another device, 409 not newer than the
 * last, 401/403 for no device or an inactive one); operators read a device's latest report at {@code GET
 * /api/v1/devices/{device}/telemetry}.
 */
final class TelemetryRoutes {
    private final TelemetryService telemetry;

    TelemetryRoutes(TelemetryService telemetry) {
        this.telemetry = telemetry;
    }

    /** The device port's ingestion route. */
    void register(RoutesConfig routes) {
        routes.addHttpHandler(HandlerType.POST, "/telemetry/v1", this::ingest);
    }

    private void ingest(Context ctx) {
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
        telemetry.accept(BrskiRoutes.clientCertificate(ctx).orElse(null), body);
        ctx.status(202);
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
                    return new ApiRoutes.Raw("application/json", TelemetryCodec.encode(latest.report()));
                });
    }
}
