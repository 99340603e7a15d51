package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * The body of {@code POST /api/v1/cra/cases/{case}/fix}: when a corrective or mitigating measure became available.
 *
 * @param fixAvailableAt the time; required, not in the future
 */
public record CraFixRequest(Instant fixAvailableAt) {}
