package io.hallmark.server.persistence;

/** A write refused because it conflicts with what is stored (a unique name taken, say). */
public class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message safe to show to the caller. */
    public ConflictException(String message) {
        super(message);
    }

    /** Creates the exception with a safe message and the store's cause. */
    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
