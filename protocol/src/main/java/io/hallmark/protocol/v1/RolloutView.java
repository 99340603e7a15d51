package io.hallmark.protocol.v1;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rollout as the API shows it.
 *
 * @param id {@code rol_...}
 * @param org the owner
 * @param release the release delivered
 * @param product the release's product
 * @param tags the tags the selected devices carry (empty: any)
 * @param version the reported firmware version selected, if any
 * @param olderThan the version the selected devices' firmware is older than, if any
 * @param waves the waves as given
 * @param waveCounts the cumulative device counts of the waves
 * @param wave the number of the wave released last (1..)
 * @param successPercent the success threshold
 * @param failurePercent the failure threshold
 * @param ratePerMinute first deliveries a minute (0: unlimited)
 * @param window the maintenance window (UTC), if any
 * @param security whether it is a security update
 * @param state running, paused, cancelled or completed
 * @param stateReason why it was paused, cancelled or completed
 * @param total devices selected
 * @param released devices in released waves
 * @param installed devices that installed the release
 * @param failed devices that failed or rolled back
 * @param devices per device state (pending, assigned, downloading, installed, failed, rolled-back, cancelled), when
 *     one rollout is shown
 * @param createdBy the user
 * @param createdAt when
 * @param updatedAt last change
 */
public record RolloutView(
        String id,
        String org,
        String release,
        String product,
        Map<String, String> tags,
        String version,
        String olderThan,
        List<String> waves,
        List<Long> waveCounts,
        int wave,
        int successPercent,
        int failurePercent,
        int ratePerMinute,
        String window,
        boolean security,
        String state,
        String stateReason,
        long total,
        long released,
        long installed,
        long failed,
        Map<String, Long> devices,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {}
