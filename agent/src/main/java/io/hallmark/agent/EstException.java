package io.hallmark.agent;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the EST server (RFC 7030), or the way to it, caused: a refusal, an answer that cannot be read, a TLS
 * connection the server would not finish, or a request still waiting for approval after the allowed attempts. The
 * one exception of the agent's network boundary.
 *
 * <p>The message is one line for a person: what failed and, when the server sent an RFC 9457 problem document, its
 * {@code detail}. It never holds an enrollment secret or a key.
 */
public final class EstException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kind of failure; decides what a caller may do next. */
    public enum Reason {
        /** HTTP 401: the secret or certificate was not accepted (the server does not say which check failed). */
        UNAUTHORIZED,
        /** HTTP 403: the device is known but may not have a certificate now (not owned, quarantined, ...). */
        FORBIDDEN,
        /** HTTP 400, 415 or another 4xx: the request was refused as malformed or for another device. */
        BAD_REQUEST,
        /** HTTP 5xx: the server failed; the same request may succeed later. */
        SERVER_ERROR,
        /** HTTP 202 after the allowed attempts: still waiting for the owner's approval (RFC 7030 §4.2.3). */
        PENDING,
        /** The TLS connection failed: the server's certificate is not trusted, or it refused the client's. */
        TLS,
        /** The server cannot be reached, or did not answer in time. */
        UNREACHABLE,
        /** The server answered with something that is not what RFC 7030 describes. */
        MALFORMED_RESPONSE
    }

    private final Reason reason;
    private final int status;
    private final String detail;
    private final Duration retryAfter;

    EstException(Reason reason, String message) {
        this(reason, 0, null, null, message, null);
    }

    EstException(Reason reason, String message, Throwable cause) {
        this(reason, 0, null, null, message, cause);
    }

    EstException(Reason reason, int status, String detail, Duration retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    /** The kind of failure. */
    public Reason reason() {
        return reason;
    }

    /** The HTTP status, when the server answered. */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** The server's explanation (the problem document's {@code detail}), when it gave one. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /** For {@link Reason#PENDING}: how long the server asked the device to wait before it retries. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
