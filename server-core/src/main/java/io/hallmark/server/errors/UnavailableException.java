package io.hallmark.server.errors;

/** A service this request depends on (another instance's MASA) cannot be reached now: retry later (HTTP 503). */
public class UnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message safe to return to the caller. */
    public UnavailableException(String message) {
        super(message);
    }
}
