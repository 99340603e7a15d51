package io.hallmark.server.errors;

/** No credentials, or credentials that are unknown, expired or revoked. The message never says which check failed. Maps to HTTP 401. */
public class AuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message safe to return to the caller. */
    public AuthenticationException(String message) {
        super(message);
    }
}
