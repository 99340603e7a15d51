package io.hallmark.server.update;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Firmware versions as devices report them, and an order among them that SQL can compare as text: {@link #key}
 * pads each of up to six dot-separated numbers to ten digits, so {@code 1.9 < 1.10 < 2.0}, in the manner of
 * Semantic Versioning 2.0.0 §11 (a pre-release {@code 2.0.0-rc.1} sorts before {@code 2.0.0}; build metadata after
 * {@code +} is ignored). Versions that do not start with numbers have no key: they match "equals", never "older than".
 */
public final class FirmwareVersion {
    /** What a version may hold. */
    public static final String RULE = "[A-Za-z0-9._+-]{1,64}";

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,64}");
    private static final Pattern NUMBERED =
            Pattern.compile("v?(\\d{1,10}(?:\\.\\d{1,10}){0,5})(?:-([0-9A-Za-z.-]+))?" + "(?:\\+[0-9A-Za-z.-]+)?");
    private static final int PARTS = 6;

    private FirmwareVersion() {}

    /** Whether {@code v} is a version as releases and devices name them. */
    public static boolean isVersion(String v) {
        return v != null && VERSION.matcher(v).matches();
    }

    /**
     * The sort key of {@code v}: six ten-digit numbers joined by {@code .} (missing ones are 0), then {@code ~} for a
     * release or {@code -} and the pre-release text (so a pre-release sorts just before its release); empty when
     * {@code v} does not start with numbers.
     */
    public static Optional<String> key(String v) {
        if (!isVersion(v)) {
            return Optional.empty();
        }
        var m = NUMBERED.matcher(v);
        if (!m.matches()) {
            return Optional.empty();
        }
        String[] nums = m.group(1).split("\\.");
        StringBuilder b = new StringBuilder(80);
        for (int i = 0; i < PARTS; i++) {
            long n = i < nums.length ? Long.parseLong(nums[i]) : 0;
            String s = Long.toString(n);
            b.append(i == 0 ? "" : ".").append("0".repeat(10 - s.length())).append(s);
        }
        b.append(m.group(2) == null ? "~" : "-" + m.group(2));
        return Optional.of(b.toString());
    }
}
