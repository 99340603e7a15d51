/**
 * Device telemetry reports, schema version 1: the traffic, connection, resource and security-event counters a device
 * sends once per reporting interval, and their strict, bounded JSON codec ({@link
 * io.hallmark.protocol.telemetry.TelemetryCodec}). The wire format and its limits are specified in {@code
 * docs/protocol/telemetry.md}.
 */
package io.hallmark.protocol.telemetry;
