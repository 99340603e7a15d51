package io.hallmark.protocol.tuf;

import io.hallmark.core.UntrustedInputException;

/**
 * TUF metadata or a target that is refused: malformed, oversized, badly signed, expired, rolled back or not matching
 * what the metadata above it says.
 *
 * <p>{@link #reason()} is a stable id (stored data: never renamed). The message is {@code reason what: actual
 * (expected: rule)}, safe to show: it names no secret.
 */
public final class TufException extends UntrustedInputException {
    private static final long serialVersionUID = 1L;

    /** Empty, or larger than the limit for that file. */
    public static final String SIZE = "tuf.size";
    /** Not one well-formed JSON value (RFC 8259), or not representable in TUF's canonical JSON. */
    public static final String MALFORMED = "tuf.malformed";
    /** A member given twice in one object (the spec forbids duplicate key ids and signatures). */
    public static final String DUPLICATE = "tuf.duplicate";
    /** A member the format does not define, a role name the top level does not know, or a wrong {@code _type}. */
    public static final String UNKNOWN = "tuf.unknown";
    /** A required member is absent. */
    public static final String MISSING = "tuf.missing";
    /** A member of the wrong type or out of its range. */
    public static final String INVALID = "tuf.invalid";
    /** A key of an unsupported type or scheme, or whose public value cannot be decoded. */
    public static final String KEY = "tuf.key";
    /** Fewer distinct keys than the threshold signed the metadata. */
    public static final String THRESHOLD = "tuf.signature.threshold";
    /** A version lower than the trusted one, or not the one announced (TUF §5.3.5, §5.4.3, §5.5.5). */
    public static final String ROLLBACK = "tuf.rollback";
    /** A version other than the one the metadata above announced (TUF §5.5.4, §5.6.4). */
    public static final String VERSION_MISMATCH = "tuf.version.mismatch";
    /** The metadata expired before the update started (TUF §5.3.10, §5.4.4, §5.5.6, §5.6.5). */
    public static final String EXPIRED = "tuf.expired";
    /** Length or hashes differ from what the metadata above says (TUF §5.5.2, §5.6.2, §5.7.3). */
    public static final String HASH = "tuf.hash";
    /** The repository does not have a file the metadata requires. */
    public static final String NOT_FOUND = "tuf.not-found";
    /** The target is not signed by any trusted role. */
    public static final String NO_TARGET = "tuf.target.unknown";
    /** The walk exceeded the limit of root rotations or delegations. */
    public static final String LIMIT = "tuf.limit";

    private final String reason;

    TufException(String reason, String what, Object actual, String rule) {
        super(reason + " " + what + ": " + actual + " (expected: " + rule + ")");
        this.reason = reason;
    }

    TufException(String reason, String what, Object actual, String rule, Throwable cause) {
        super(reason + " " + what + ": " + actual + " (expected: " + rule + ")", cause);
        this.reason = reason;
    }

    /** The stable id of the refusal, one of the constants of this class. */
    public String reason() {
        return reason;
    }
}
