package io.hallmark.server.errors;

/** The caller sends faster than it may: slow down and retry after the given seconds (HTTP 429, RFC 6585 §4). */
public class TooManyRequestsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    /** Creates the exception with a message safe to return to the caller. */
    public TooManyRequestsException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** When the caller may try again, in seconds. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
