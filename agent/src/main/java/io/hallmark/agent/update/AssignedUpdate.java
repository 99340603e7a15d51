package io.hallmark.agent.update;

import io.hallmark.core.Checks;
import java.io.IOException;
import java.util.Optional;

/**
 * One assigned update: fetch the device's signed assignment, report {@code downloading}, install it through the TUF
 * check, report the outcome ({@code installed}, {@code rolled-back} when the self-test sent the device back to its
 * previous slot, else {@code failed} with the reason). A cancelled assignment installs and reports nothing.
 */
public final class AssignedUpdate {
    private final AssignmentClient client;
    private final UpdateCheck check;

    /** An assigned update through {@code client}, installed by {@code check}. */
    public AssignedUpdate(AssignmentClient client, UpdateCheck check) {
        this.client = Checks.notNull(client, "client");
        this.check = Checks.notNull(check, "check");
    }

    /**
     * Runs once: the outcome, or empty when the device has no assignment.
     *
     * @throws IOException when the server cannot be reached or refuses a report
     */
    public Optional<UpdateCheck.Outcome> run() throws IOException {
        Optional<Assignment> found = client.fetch();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Assignment a = found.get();
        if (a.cancelled()) {
            return Optional.of(check.run(a));
        }
        client.report(a.rollout(), "downloading", null);
        UpdateCheck.Outcome o = check.run(a);
        switch (o.result()) {
            case "installed", "up-to-date" -> client.report(a.rollout(), "installed", null);
            case "failed" ->
                client.report(a.rollout(), o.detail().startsWith("self-test") ? "rolled-back" : "failed", o.detail());
            default -> client.report(a.rollout(), "failed", o.result() + ": " + o.detail());
        }
        return Optional.of(o);
    }
}
