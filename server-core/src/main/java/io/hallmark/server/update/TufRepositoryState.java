package io.hallmark.server.update;

import java.time.Instant;

/**
 * The current version and expiry of each top-level role of a manufacturer's TUF repository.
 *
 * @param orgId the manufacturer
 * @param rootVersion the current root version
 * @param targetsVersion the current targets version
 * @param snapshotVersion the current snapshot version
 * @param timestampVersion the current timestamp version
 * @param rootExpires when the current root expires
 * @param targetsExpires when the current targets expire
 * @param snapshotExpires when the current snapshot expires
 * @param timestampExpires when the current timestamp expires
 */
public record TufRepositoryState(
        String orgId,
        int rootVersion,
        int targetsVersion,
        int snapshotVersion,
        int timestampVersion,
        Instant rootExpires,
        Instant targetsExpires,
        Instant snapshotExpires,
        Instant timestampExpires) {}
