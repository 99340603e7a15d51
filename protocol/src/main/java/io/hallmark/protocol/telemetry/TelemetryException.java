package io.hallmark.protocol.telemetry;

import io.hallmark.core.UntrustedInputException;

/**
 * A telemetry report that is refused: malformed, oversized, out of bounds or naming another device.
 *
 * <p>{@link #reason()} is a stable id to count refusals by (stored data: never renamed): {@code telemetry.size},
 * {@code telemetry.malformed}, {@code telemetry.version}, {@code telemetry.field.unknown}, {@code
 * telemetry.field.duplicate}, {@code telemetry.field.missing}, {@code telemetry.field.type}, {@code
 * telemetry.field.range}, {@code telemetry.field.syntax}, {@code telemetry.list.size}, {@code
 * telemetry.device.mismatch}. The message is {@code reason field: actual (expected: rule)}, safe to return to the
 * device.
 */
public final class TelemetryException extends UntrustedInputException {
    private static final long serialVersionUID = 1L;

    /** The report is empty or larger than {@link TelemetryCodec#MAX_BYTES}. */
    public static final String SIZE = "telemetry.size";
    /** The bytes are not one well-formed JSON object (RFC 8259). */
    public static final String MALFORMED = "telemetry.malformed";
    /** The schema version {@code v} is not supported. */
    public static final String VERSION = "telemetry.version";
    /** A member the schema does not define. */
    public static final String FIELD_UNKNOWN = "telemetry.field.unknown";
    /** A member given twice in one object. */
    public static final String FIELD_DUPLICATE = "telemetry.field.duplicate";
    /** A required member is absent. */
    public static final String FIELD_MISSING = "telemetry.field.missing";
    /** A member of the wrong JSON type. */
    public static final String FIELD_TYPE = "telemetry.field.type";
    /** A number outside its bounds. */
    public static final String FIELD_RANGE = "telemetry.field.range";
    /** A string too long or not of its syntax (host name, protocol, event type, printable text). */
    public static final String FIELD_SYNTAX = "telemetry.field.syntax";
    /** A list longer than its bound. */
    public static final String LIST_SIZE = "telemetry.list.size";
    /** The report names a device other than the authenticated one (spoofing). */
    public static final String DEVICE_MISMATCH = "telemetry.device.mismatch";

    private final String reason;

    TelemetryException(String reason, String field, Object actual, String rule) {
        super(reason + " " + field + ": " + actual + " (expected: " + rule + ")");
        this.reason = reason;
    }

    /** The stable id of the refusal, one of the constants of this class. */
    public String reason() {
        return reason;
    }
}
