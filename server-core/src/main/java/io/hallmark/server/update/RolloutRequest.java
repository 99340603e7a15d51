package io.hallmark.server.update;

import java.util.List;
import java.util.Map;

/**
 * What an owner asks for when creating a rollout.
 *
 * @param orgRef the owner organization (null: the caller's)
 * @param releaseId the release to deliver; its product selects the devices
 * @param waves cumulative percentages ({@code 1%}) or counts
 * @param successPct 1..100: the share of a released wave that must install before the next wave is released
 * @param failurePct 1..100: the share of released devices failing or rolling back past which the rollout pauses
 * @param ratePerMinute at most this many first deliveries a minute (0: unlimited)
 * @param window a daily maintenance window in UTC, {@code HH:MM-HH:MM} (null: any time)
 * @param security a security update: mandatory, and delivered outside the window too
 * @param tags tags every selected device carries (null: none)
 * @param version the firmware version selected devices reported (null: any)
 * @param olderThan a version the selected devices' reported firmware is older than (null: any)
 */
public record RolloutRequest(
        String orgRef,
        String releaseId,
        List<String> waves,
        int successPct,
        int failurePct,
        int ratePerMinute,
        String window,
        boolean security,
        Map<String, String> tags,
        String version,
        String olderThan) {}
