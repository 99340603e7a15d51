package io.hallmark.protocol.v1;

/**
 * What a device reports on the device port ({@code POST /update/report}) about its assignment.
 *
 * @param rollout the rollout the assignment came from ({@code rol_...})
 * @param state {@code downloading}, {@code installed}, {@code failed} or {@code rolled-back}
 * @param reason why it failed or rolled back (required then), at most 500 characters
 */
public record AssignmentReport(String rollout, String state, String reason) {}
