package io.hallmark.server.console;

import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.identity.Device;
import io.hallmark.server.persistence.PageRequest;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Reading form and query values, and formatting values for the pages. */
final class Forms {
    static final int PAGE = 50;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Forms() {}

    static Model.DeviceRow row(Device d) {
        return new Model.DeviceRow(
                d.id(), d.serial(), d.state().wire(), d.ownerId().orElse("—"), time(d.updatedAt()));
    }

    static PageRequest pageOf(Context ctx) {
        String after = trim(ctx.queryParam("after"));
        if (after != null && after.length() > 200) {
            throw new InvalidRequestException("after: too long");
        }
        return new PageRequest(Optional.ofNullable(after), PAGE);
    }

    static String reason(Context ctx, String field) {
        String r = trim(ctx.formParam(field));
        if (r == null) {
            throw new InvalidRequestException(field + ": give a reason");
        }
        if (r.length() > 500) {
            throw new InvalidRequestException(field + ": at most 500 characters");
        }
        return r;
    }

    /** A whole number of days in 1..{@code max} from form field {@code field}. */
    static long days(Context ctx, String field, long max) {
        String v = trim(ctx.formParam(field));
        try {
            long d = v == null ? -1 : Long.parseLong(v);
            if (d >= 1 && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException(field + ": a number of days from 1 to " + max);
    }

    static String trim(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        return v.strip();
    }

    static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    static String time(Instant t) {
        return TIME.format(t);
    }
}
