package io.hallmark.protocol.v1;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/rollouts}.
 *
 * @param org the owner organization (null: the caller's)
 * @param release the release to deliver ({@code rel_...}); its product selects the owner's active devices, narrowed
 *     by the tags and versions below
 * @param waves cumulative percentages ({@code "1%"}, {@code "10%"}, {@code "100%"}) or device counts
 * @param successPercent 1..100 (default 95): the share of released devices installed that releases the next wave
 * @param failurePercent 1..100 (default 5): the share of released devices failed or rolled back past which the
 *     rollout pauses itself
 * @param ratePerMinute at most this many first deliveries a minute (default 0: unlimited)
 * @param window a daily maintenance window in UTC, {@code HH:MM-HH:MM} (default: any time)
 * @param security a security update: mandatory, and delivered outside the maintenance window too
 * @param tags only devices carrying every one of these tags (name to value)
 * @param version only devices whose reported firmware version is this one
 * @param olderThan only devices whose reported firmware version is older than this one
 */
public record RolloutCreate(
        String org,
        String release,
        List<String> waves,
        Integer successPercent,
        Integer failurePercent,
        Integer ratePerMinute,
        String window,
        Boolean security,
        Map<String, String> tags,
        String version,
        String olderThan) {}
