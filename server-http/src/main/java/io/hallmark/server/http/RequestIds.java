package io.hallmark.server.http;

import io.javalin.http.Context;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Request ids: taken from a well-formed {@code X-Request-Id} header, or made; echoed in the answer, written into
 * every audit entry and log line of the request.
 */
final class RequestIds {
    static final String HEADER = "X-Request-Id";
    private static final String ATTR = "hallmark.requestId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    private RequestIds() {}

    static String assign(Context ctx) {
        String given = ctx.header(HEADER);
        String id;
        if (given != null && SAFE.matcher(given).matches()) {
            id = given;
        } else {
            id = newId();
        }
        ctx.attribute(ATTR, id);
        ctx.header(HEADER, id);
        return id;
    }

    static String newId() {
        // a request id correlates log lines and audit entries; it is no secret, so a thread-local generator will do
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return "req_" + HexFormat.of().toHexDigits(r.nextLong())
                + HexFormat.of().toHexDigits(r.nextInt());
    }

    static String of(Context ctx) {
        String id = ctx.attribute(ATTR);
        return id != null ? id : assign(ctx);
    }
}
