package io.hallmark.protocol.v1;

/**
 * A signed checkpoint of the audit chain.
 *
 * @param jws compact JWS (ES256) over {@code {"head","seq","time","v"}}
 */
public record AuditCheckpointView(long seq, String head, String time, String jws) {}
