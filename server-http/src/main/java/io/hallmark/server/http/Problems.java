package io.hallmark.server.http;

import io.hallmark.core.UntrustedInputException;
import io.hallmark.protocol.v1.Problem;
import io.hallmark.server.errors.AccessDeniedException;
import io.hallmark.server.errors.AuthenticationException;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.persistence.ConflictException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers: an RFC 9457 problem document with a status, a safe message
 * and the request id. Unexpected exceptions are logged with the request id and answered with a generic 500 that
 * reveals nothing.
 */
final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    static final String TYPE_BASE = "https://hallmark.dev/problems/";

    private Problems() {}

    static void handle(Exception e, Context ctx) {
        String requestId = RequestIds.of(ctx);
        Problem p =
                switch (e) {
                    case InvalidRequestException x -> problem(400, "bad-request", "Bad request", x.getMessage(), ctx);
                    case UntrustedInputException x -> problem(400, "bad-request", "Bad request", x.getMessage(), ctx);
                    case AuthenticationException x -> {
                        if (ctx.res().getHeader("WWW-Authenticate") == null) {
                            // the device port's EST routes challenge for Basic themselves (RFC 7030 §3.2.3)
                            ctx.header("WWW-Authenticate", "Bearer realm=\"hallmark\"");
                        }
                        yield problem(401, "unauthorized", "Unauthorized", x.getMessage(), ctx);
                    }
                    case AccessDeniedException x -> problem(403, "forbidden", "Forbidden", x.getMessage(), ctx);
                    case NotFoundException x -> problem(404, "not-found", "Not found", x.getMessage(), ctx);
                    case ConflictException x -> problem(409, "conflict", "Conflict", x.getMessage(), ctx);
                    case io.hallmark.server.errors.UnavailableException x -> {
                        ctx.header("Retry-After", "60");
                        yield problem(503, "unavailable", "Service unavailable", x.getMessage(), ctx);
                    }
                    case io.hallmark.server.errors.TooManyRequestsException x -> {
                        ctx.header("Retry-After", Integer.toString(x.retryAfterSeconds()));
                        yield problem(429, "too-many-requests", "Too many requests", x.getMessage(), ctx);
                    }
                    case HttpResponseException x -> fromStatus(x.getStatus(), ctx);
                    case java.nio.charset.IllegalCharsetNameException x ->
                        problem(400, "bad-request", "Bad request", "Content-Type: not a known charset", ctx);
                    case java.nio.charset.UnsupportedCharsetException x ->
                        problem(400, "bad-request", "Bad request", "Content-Type: not a supported charset", ctx);
                    default -> {
                        LOG.error("request {} {} {} failed", requestId, ctx.method(), ctx.path(), e);
                        yield problem(
                                500, "internal", "Internal error", "the server failed; quote the request id", ctx);
                    }
                };
        write(ctx, p);
    }

    static Problem fromStatus(int status, Context ctx) {
        return switch (status) {
            case 400 -> problem(400, "bad-request", "Bad request", "the request cannot be read", ctx);
            case 404 -> problem(404, "not-found", "Not found", "no route " + ctx.method() + " " + ctx.path(), ctx);
            case 405 ->
                problem(
                        405,
                        "method-not-allowed",
                        "Method not allowed",
                        ctx.method() + " is not allowed on " + ctx.path(),
                        ctx);
            case 413 ->
                problem(
                        413,
                        "payload-too-large",
                        "Payload too large",
                        "the body exceeds the limit of this endpoint",
                        ctx);
            case 415 -> problem(415, "unsupported-media-type", "Unsupported media type", "send application/json", ctx);
            default ->
                status >= 500
                        ? problem(status, "internal", "Internal error", "the server failed; quote the request id", ctx)
                        : problem(status, "client-error", "Client error", "the request was refused", ctx);
        };
    }

    static Problem problem(int status, String type, String title, String detail, Context ctx) {
        return new Problem(TYPE_BASE + type, title, status, detail, ctx.path(), RequestIds.of(ctx));
    }

    static void write(Context ctx, Problem p) {
        ctx.status(p.status());
        ctx.contentType("application/problem+json");
        ctx.result(Json.encode(p));
    }
}
