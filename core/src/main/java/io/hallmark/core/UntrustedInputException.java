package io.hallmark.core;

/**
 * Root of what a remote party can cause: malformed input, a bad signature, a broken chain.
 *
 * <p>The message is safe to show to that party: it names what is wrong, never a secret or an internal detail.
 */
public class UntrustedInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to return to the caller. */
    public UntrustedInputException(String message) {
        super(message);
    }

    /** Creates the exception with a safe message and the internal cause (logged, never returned). */
    public UntrustedInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
