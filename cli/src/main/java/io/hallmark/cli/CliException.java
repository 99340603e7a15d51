package io.hallmark.cli;

/**
 * Why a command failed, as the user sees it: a one-line message and the exit code. The root exception of the CLI
 * boundary; {@link ApiCommand} prints the message and returns the code, never a stack trace (unless --verbose).
 */
final class CliException extends RuntimeException {
    /** Anything else: a server error, an unexpected answer, a connection failure. */
    static final int FAILED = 1;
    /** A usage error or bad local input (a missing file, a malformed key). */
    static final int USAGE = 2;
    /** The server refused: HTTP 401 or 403. */
    static final int REFUSED = 3;
    /** The server does not know the thing: HTTP 404. */
    static final int NOT_FOUND = 4;

    private final int exitCode;

    CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliException badInput(String message) {
        return new CliException(USAGE, message);
    }

    static CliException badInput(String message, Throwable cause) {
        return new CliException(USAGE, message, cause);
    }

    static CliException failed(String message) {
        return new CliException(FAILED, message);
    }

    static CliException failed(String message, Throwable cause) {
        return new CliException(FAILED, message, cause);
    }

    /** The exit code for an HTTP error status: 3 for 401/403, 4 for 404, 1 otherwise. */
    static int exitCodeFor(int status) {
        return switch (status) {
            case 401, 403 -> REFUSED;
            case 404 -> NOT_FOUND;
            default -> FAILED;
        };
    }

    int exitCode() {
        return exitCode;
    }
}
