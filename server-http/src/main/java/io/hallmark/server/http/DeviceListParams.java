package io.hallmark.server.http;

import io.hallmark.server.attestation.Integrity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.identity.DeviceFilter;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.update.DeviceTags;
import io.hallmark.server.update.FirmwareVersion;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The device list's filters as query parameters, read the same way by {@code GET /api/v1/devices} and the console's
 * device page: {@code state}, {@code integrity}, {@code product} (a product id), {@code firmware} (a reported version,
 * exactly) and {@code tag} ({@code name=value}). An absent or empty parameter sets no condition; a malformed one is
 * an {@link InvalidRequestException} naming it (400).
 *
 * @param filter the conditions the device store applies
 * @param integrity the live integrity asked for, which the attestation feature turns into a stored condition
 */
public record DeviceListParams(DeviceFilter filter, Optional<Integrity> integrity) {
    private static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Reads the parameters through {@code param} (a name to its value, or null). */
    public static DeviceListParams parse(Function<String, String> param) {
        Optional<DeviceState> state = value(param, "state").map(s -> ApiRoutes.parse(() -> DeviceState.fromWire(s)));
        Optional<Integrity> integrity =
                value(param, "integrity").map(s -> ApiRoutes.parse(() -> Integrity.fromWire(s)));
        Optional<String> product = value(param, "product").map(p -> {
            if (!PRODUCT_ID.matcher(p).matches()) {
                throw new InvalidRequestException("product: " + clip(p) + " (expected: a product id)");
            }
            return p;
        });
        Optional<String> firmware = value(param, "firmware").map(v -> {
            if (!FirmwareVersion.isVersion(v)) {
                throw new InvalidRequestException("firmware: " + clip(v) + " (expected: " + FirmwareVersion.RULE + ")");
            }
            return v;
        });
        Optional<DeviceFilter.Tag> tag = value(param, "tag").map(DeviceListParams::tag);
        return new DeviceListParams(new DeviceFilter(state, product, firmware, tag, Optional.empty()), integrity);
    }

    /** The parameters as a query string without the cursor, each {@code name=value&} (empty when none is set). */
    public static String query(Function<String, String> param) {
        StringBuilder b = new StringBuilder();
        for (String name : new String[] {"state", "integrity", "product", "firmware", "tag"}) {
            value(param, name).ifPresent(v -> b.append(name)
                    .append('=')
                    .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8))
                    .append('&'));
        }
        return b.toString();
    }

    private static DeviceFilter.Tag tag(String text) {
        int eq = text.indexOf('=');
        String name = eq < 0 ? text : text.substring(0, eq);
        String value = eq < 0 ? "" : text.substring(eq + 1);
        if (eq < 0 || !DeviceTags.isName(name) || !DeviceTags.isValue(value)) {
            throw new InvalidRequestException("tag: " + clip(text) + " (expected: name=value, the name "
                    + DeviceTags.NAME_RULE + ", the value " + DeviceTags.VALUE_RULE + ")");
        }
        return new DeviceFilter.Tag(name, value);
    }

    private static Optional<String> value(Function<String, String> param, String name) {
        String v = param.apply(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** At most 64 characters of what a caller sent, for a message. */
    private static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
