package io.hallmark.server.errors;

/** The caller is known but lacks the permission, or the target lies in another organization. Maps to HTTP 403. */
public class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message safe to return to the caller. */
    public AccessDeniedException(String message) {
        super(message);
    }
}
