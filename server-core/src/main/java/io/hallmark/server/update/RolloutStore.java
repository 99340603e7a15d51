package io.hallmark.server.update;

import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Persistence of rollouts and their per-device assignments; bulk changes are set-based. */
public interface RolloutStore {
    /** Stores a new rollout. */
    void insert(Rollout rollout);

    /**
     * Counts the devices the rollout selects now: the active devices owned by {@code rollout.orgId()} of {@code
     * rollout.productId()} made by {@code manufacturerId} (or of no recorded manufacturer: added by the owner, the
     * product names the maker) that match {@code rollout.selector()} and have no unfinished assignment in any rollout.
     */
    long countDevices(Rollout rollout, String manufacturerId);

    /**
     * Replaces the mutable fields (wave, counts, state, reason, updated) of {@code rollout}, when still at {@code
     * expectedWave} and {@code expectedState}; whether it was.
     */
    boolean update(Rollout rollout, int expectedWave, Rollout.State expectedState);

    /**
     * Releases wave {@code wave} (0 = the first) in one INSERT ... SELECT: assigns up to {@code count} devices selected
     * as {@link #countDevices} counts them (every one when {@code count} is {@link Long#MAX_VALUE}), the next in
     * device id order after the last device the rollout took; returns how many.
     */
    long release(Rollout rollout, String manufacturerId, int wave, long count, Instant now);

    /** Adds a device outcome to the rollout's counters. */
    void count(String rolloutId, long installedDelta, long failedDelta, Instant now);

    /** Cancels the unfinished assignments of {@code rolloutId}; returns how many. */
    long cancelDevices(String rolloutId, String reason, Instant now);

    /** The rollout with {@code id}. */
    Optional<Rollout> findById(String id);

    /** The open rollouts delivering release {@code releaseId}. */
    java.util.List<Rollout> openForRelease(String releaseId);

    /** The rollouts of owner {@code orgId}, by id. */
    Page<Rollout> list(String orgId, PageRequest page);

    /**
     * How many of the rollout's devices are in each state; devices counted at creation but in no released wave are
     * pending (cancelled once the rollout is).
     */
    Map<RolloutDevice.State, Long> states(String rolloutId);

    /** The device's newest assignment that is unfinished or cancelled after delivery (what it must be told). */
    Optional<RolloutDevice> current(String deviceId);

    /** The device's assignment in {@code rolloutId}. */
    Optional<RolloutDevice> find(String rolloutId, String deviceId);

    /** Moves the assignment from {@code from} to {@code to.state()} with its reason and delivery time; whether it moved. */
    boolean move(RolloutDevice to, RolloutDevice.State from);

    /**
     * Counts one first delivery in the rollout's current UTC minute when fewer than {@code perMinute} were counted in
     * it (a fixed-window rate limit kept on the rollout row); whether it was counted.
     */
    boolean admitDelivery(String rolloutId, int perMinute, Instant now);
}
