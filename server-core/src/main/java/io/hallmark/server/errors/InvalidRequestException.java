package io.hallmark.server.errors;

/** The request is well formed but its values break a rule. Maps to HTTP 400. */
public class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message safe to return to the caller. */
    public InvalidRequestException(String message) {
        super(message);
    }
}
