package io.hallmark.server.risk;

import io.hallmark.server.errors.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * Where a page of the risk listing starts: after the device with this score and id (the listing is ordered by score
 * descending, then device id ascending). On the wire: {@code score:deviceId}.
 *
 * @param score the last listed device's score
 * @param deviceId its id
 */
record RiskCursor(int score, String deviceId) {
    private static final Pattern FORM = Pattern.compile("(100|[1-9]?[0-9]):([A-Za-z0-9_-]{1,64})");

    /** Parses a cursor returned by the API; anything else is a bad request. */
    static RiskCursor parse(String text) {
        var m = text == null || text.length() > 80 ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            throw new InvalidRequestException("cursor: not a cursor returned by this API");
        }
        return new RiskCursor(Integer.parseInt(m.group(1)), m.group(2));
    }

    /** Whether a device with {@code score} and {@code id} comes after this cursor. */
    boolean isBefore(int otherScore, String otherId) {
        return otherScore < score || (otherScore == score && otherId.compareTo(deviceId) > 0);
    }

    @Override
    public String toString() {
        return score + ":" + deviceId;
    }
}
