package io.hallmark.server.http;

import io.hallmark.protocol.voucher.VoucherJws;
import io.hallmark.server.identity.OnboardingService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;

/**
 * BRSKI (RFC 8995) on the device port: {@code /.well-known/brski/requestvoucher} (§5.2, the pledge's signed voucher
 * request in, a signed voucher out, both {@code application/voucher-jws+json}), {@code voucher_status} (§5.7) and
 * {@code enrollstatus} (§5.9.4), JSON. The pledge authenticates with its birth certificate in TLS.
 */
final class BrskiRoutes {
    private static final String BASE = "/.well-known/brski";

    private final OnboardingService onboarding;

    BrskiRoutes(OnboardingService onboarding) {
        this.onboarding = onboarding;
    }

    void register(RoutesConfig routes) {
        routes.addHttpHandler(HandlerType.POST, BASE + "/requestvoucher", this::requestVoucher);
        routes.addHttpHandler(HandlerType.POST, BASE + "/voucher_status", ctx -> status(ctx, false));
        routes.addHttpHandler(HandlerType.POST, BASE + "/enrollstatus", ctx -> status(ctx, true));
    }

    private void requestVoucher(Context ctx) {
        if (!mediaType(ctx).equals(VoucherJws.MEDIA_TYPE)) {
            unsupported(ctx, VoucherJws.MEDIA_TYPE);
            return;
        }
        String voucher = onboarding.requestVoucher(
                clientCertificate(ctx).orElse(null), ctx.bodyAsBytes(), RequestIds.assign(ctx));
        ctx.status(200);
        ctx.contentType(VoucherJws.MEDIA_TYPE);
        ctx.result(voucher.getBytes(StandardCharsets.US_ASCII));
    }

    private void status(Context ctx, boolean enroll) {
        if (!mediaType(ctx).equals("application/json")) {
            unsupported(ctx, "application/json");
            return;
        }
        X509Certificate cert = clientCertificate(ctx).orElse(null);
        if (enroll) {
            onboarding.enrollStatus(cert, ctx.bodyAsBytes(), RequestIds.assign(ctx));
        } else {
            onboarding.voucherStatus(cert, ctx.bodyAsBytes(), RequestIds.assign(ctx));
        }
        ctx.status(200);
    }

    private static String mediaType(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("");
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** RFC 8995 §5.2: a request of another media type is answered 406 (Not Acceptable) or 415; 415 is the HTTP one. */
    private static void unsupported(Context ctx, String expected) {
        Problems.write(
                ctx,
                Problems.problem(
                        415,
                        "unsupported-media-type",
                        "Unsupported media type",
                        "Content-Type: expected " + expected,
                        ctx));
    }

    static Optional<X509Certificate> clientCertificate(Context ctx) {
        Object attribute = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        if (attribute instanceof X509Certificate[] chain && chain.length > 0) {
            return Optional.of(chain[0]);
        }
        return Optional.empty();
    }
}
