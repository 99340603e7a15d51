package io.hallmark.server.errors;

/** Something the request names does not exist (or the caller may not see it). Maps to HTTP 404. */
public class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message safe to return to the caller. */
    public NotFoundException(String message) {
        super(message);
    }
}
