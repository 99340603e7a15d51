package io.hallmark.assurance;

import io.hallmark.core.UntrustedInputException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A profile that cannot be assessed: not YAML, an unknown field, an unknown catalog or level id, a value out of range.
 *
 * <p>Carries every problem found, each with file, line and column (1-based); the message lists them as
 * {@code file:line:column: what}.
 */
public final class ProfileException extends UntrustedInputException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    ProfileException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order of the file. */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * One problem of a profile.
     *
     * @param file the profile file as it was named
     * @param line 1-based line, 0 when unknown
     * @param column 1-based column, 0 when unknown
     * @param message what is wrong, in the shape {@code name: actual (expected: rule)} where it fits
     */
    public record Problem(String file, int line, int column, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + message;
        }
    }
}
