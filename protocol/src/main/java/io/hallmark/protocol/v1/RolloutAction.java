package io.hallmark.protocol.v1;

/**
 * The body of {@code POST /api/v1/rollouts/{rollout}/pause}, {@code .../resume} and {@code .../cancel}.
 *
 * @param reason why, at most 500 characters (optional); recorded in the audit log
 */
public record RolloutAction(String reason) {}
