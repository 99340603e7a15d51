package io.hallmark.agent.update;

import java.time.Instant;

/**
 * An update assignment as the platform signed it ({@code docs/update/README.md}, "Assignments"): which TUF target to
 * install, or that the named release must not be installed. The target is installed only after the manufacturer's
 * TUF repository signs the same name, length and SHA-256.
 *
 * @param rollout the rollout ({@code rol_...})
 * @param device the device it is for ({@code dev_...})
 * @param action {@code install} or {@code cancel}
 * @param target the TUF target path
 * @param length the target's length in bytes
 * @param sha256 the target's SHA-256, lowercase hex
 * @param version the release's version
 * @param security whether it is a mandatory security update
 * @param reason why it was cancelled (empty for {@code install})
 * @param expires when the signed assignment expires
 */
public record Assignment(
        String rollout,
        String device,
        String action,
        String target,
        long length,
        String sha256,
        String version,
        boolean security,
        String reason,
        Instant expires) {

    /** Whether the device is told not to install the release. */
    public boolean cancelled() {
        return "cancel".equals(action);
    }
}
