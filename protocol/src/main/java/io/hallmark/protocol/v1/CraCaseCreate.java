package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * The body of {@code POST /api/v1/cra/cases}: a Cyber Resilience Act reporting case (docs/cra.md).
 *
 * @param org the organization (id or name); the caller's when absent
 * @param kind {@code vulnerability} or {@code incident}; required
 * @param advisory for a vulnerability: the advisory id or an alias (a CVE id) the exposure shows
 * @param incident for an incident: the behaviour incident's id
 * @param awareAt when the manufacturer became aware; required, not in the future
 * @param summary what happened, for the reports; required, at most 2000 characters
 * @param fixAvailableAt when a corrective measure became available; default: the fixed release's publication
 */
public record CraCaseCreate(
        String org,
        String kind,
        String advisory,
        String incident,
        Instant awareAt,
        String summary,
        Instant fixAvailableAt) {}
