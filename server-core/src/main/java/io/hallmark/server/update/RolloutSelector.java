package io.hallmark.server.update;

import io.hallmark.core.Checks;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which of an owner's active devices of the release's product a rollout takes, besides the product: every tag given
 * (name and value equal), and the firmware version the device last reported, equal to {@code version} or older than
 * {@code olderThan} (by {@link FirmwareVersion#key}). A device that never reported a version matches neither version
 * condition.
 *
 * @param tags the tags a device must all carry (name to value), at most {@value DeviceTags#MAX_TAGS}
 * @param version the reported firmware version, exactly
 * @param olderThan a firmware version the reported one must be older than
 */
public record RolloutSelector(Map<String, String> tags, Optional<String> version, Optional<String> olderThan) {

    /** No condition but the product. */
    public static final RolloutSelector PRODUCT = new RolloutSelector(Map.of(), Optional.empty(), Optional.empty());

    /** Checks and copies the fields (tags sorted by name). */
    public RolloutSelector {
        Checks.notNull(tags, "tags");
        Checks.check(tags.size() <= DeviceTags.MAX_TAGS, "tags", tags.size(), "at most " + DeviceTags.MAX_TAGS);
        tags.forEach((k, v) -> {
            Checks.check(DeviceTags.isName(k), "tag name", k, DeviceTags.NAME_RULE);
            Checks.check(DeviceTags.isValue(v), "tag value", v, DeviceTags.VALUE_RULE);
        });
        tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
        Checks.notNull(version, "version");
        Checks.notNull(olderThan, "olderThan");
        version.ifPresent(v -> Checks.check(FirmwareVersion.isVersion(v), "version", v, FirmwareVersion.RULE));
        olderThan.ifPresent(v -> Checks.check(
                FirmwareVersion.key(v).isPresent(), "olderThan", v, "a version of numbers: " + FirmwareVersion.RULE));
    }

    /** The tags as stored: {@code name=value} joined by {@code ,} in name order (names and values hold neither). */
    public String tagText() {
        StringBuilder b = new StringBuilder();
        tags.forEach(
                (k, v) -> b.append(b.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }

    /** Reads {@link #tagText()} back; empty or null text: no tags. */
    public static Map<String, String> parseTags(String text) {
        Map<String, String> out = new TreeMap<>();
        if (text != null && !text.isEmpty()) {
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                Checks.check(eq > 0, "tags", pair, "name=value");
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }

    /** A short text for audit records: {@code site=berlin, version < 2.0}. */
    public String describe() {
        StringBuilder b = new StringBuilder(tagText().replace(",", ", "));
        version.ifPresent(
                v -> b.append(b.isEmpty() ? "" : ", ").append("version = ").append(v));
        olderThan.ifPresent(
                v -> b.append(b.isEmpty() ? "" : ", ").append("version < ").append(v));
        return b.toString();
    }
}
