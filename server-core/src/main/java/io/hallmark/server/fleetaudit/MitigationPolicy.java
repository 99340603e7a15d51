package io.hallmark.server.fleetaudit;

import io.hallmark.core.Checks;
import io.hallmark.server.errors.InvalidRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An organization's mitigation policy: which actions the fleet audit takes by itself when a run opens a finding.
 * Each rule matches a check id (e.g. {@code device.credentials.default}) or a severity (e.g. {@code critical}: every
 * check of that severity); a finding gets the union of the actions of the rules it matches. Suppressed findings and
 * findings seen before get none.
 *
 * @param rules at most {@value #MAX_RULES}, each match given once
 * @param updatedBy who set it (empty for the default, no rules)
 * @param updatedAt when
 */
public record MitigationPolicy(List<Rule> rules, Optional<String> updatedBy, Optional<Instant> updatedAt) {
    /** The most rules a policy holds. */
    public static final int MAX_RULES = 64;

    /** No rules: the audit only reports. */
    public static final MitigationPolicy NONE = new MitigationPolicy(List.of(), Optional.empty(), Optional.empty());

    /** What the audit does about a newly opened finding. */
    public enum Action {
        /** Publishes a security event {@code fleet-audit.finding}, which webhooks deliver (docs/webhooks.md). */
        NOTIFY,
        /** Quarantines the device the finding is about (an active device), as the system, with the finding as reason. */
        QUARANTINE,
        /**
         * Creates a security rollout of the latest security release of the device's product to the owner's active
         * devices of that product, unless one of that release is already open.
         */
        ROLLOUT;

        /** The name on the wire: lower case. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The action named {@code wire}. */
        public static Optional<Action> parse(String wire) {
            for (Action a : values()) {
                if (a.wire().equals(wire)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One rule.
     *
     * @param match a check id or a severity
     * @param actions what to do, at least one
     */
    public record Rule(String match, Set<Action> actions) {
        /** Checks the fields; the set is copied. */
        public Rule {
            Checks.notBlank(match, "match");
            actions = Set.copyOf(Checks.notNull(actions, "actions"));
            Checks.check(!actions.isEmpty(), "actions", actions, "at least one");
        }

        /** Whether the rule matches findings of {@code check}. */
        boolean matches(AuditCheck check) {
            return match.equals(check.id()) || match.equals(check.severity().wire());
        }
    }

    /** Checks and copies the rules. */
    public MitigationPolicy {
        rules = List.copyOf(Checks.notNull(rules, "rules"));
        Checks.notNull(updatedBy, "updatedBy");
        Checks.notNull(updatedAt, "updatedAt");
    }

    /** The actions for a new finding of {@code check}. */
    public Set<Action> actionsFor(AuditCheck check) {
        Set<Action> out = EnumSet.noneOf(Action.class);
        for (Rule r : rules) {
            if (r.matches(check)) {
                out.addAll(r.actions());
            }
        }
        return out;
    }

    /**
     * Rules from what an operator sent: each a match and action names; answers 400 with the reason for an unknown
     * check, severity or action, a match given twice, no actions or too many rules.
     */
    public static List<Rule> rules(List<String> matches, List<List<String>> actionNames) {
        if (matches.size() > MAX_RULES) {
            throw new InvalidRequestException("rules: " + matches.size() + " (expected: at most " + MAX_RULES + ")");
        }
        List<Rule> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < matches.size(); i++) {
            String m = matches.get(i);
            if (m == null
                    || AuditCheck.byId(m).isEmpty() && FindingSeverity.parse(m).isEmpty()) {
                throw new InvalidRequestException("rules[" + i + "].match: " + m
                        + " (expected: a check id of docs/fleet-audit.md or low, medium, high, critical)");
            }
            if (!seen.add(m)) {
                throw new InvalidRequestException("rules[" + i + "].match: " + m + " (expected: each match once)");
            }
            List<String> names = actionNames.get(i) == null ? List.of() : actionNames.get(i);
            Set<Action> actions = EnumSet.noneOf(Action.class);
            int at = i;
            for (String n : names) {
                actions.add(Action.parse(n == null ? "" : n)
                        .orElseThrow(() -> new InvalidRequestException(
                                "rules[" + at + "].actions: " + n + " (expected: notify, quarantine or rollout)")));
            }
            if (actions.isEmpty()) {
                throw new InvalidRequestException(
                        "rules[" + i + "].actions: none (expected: one or more of notify, quarantine, rollout)");
            }
            out.add(new Rule(m, actions));
        }
        return out;
    }

    /** The rules as stored: {@code match=action,action} lines, in order. */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (Rule r : rules) {
            sb.append(r.match()).append('=');
            sb.append(String.join(
                    ",", r.actions().stream().sorted().map(Action::wire).toList()));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The rules of {@link #encode}. */
    public static List<Rule> decode(String text) {
        List<Rule> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            Set<Action> actions = EnumSet.noneOf(Action.class);
            for (String a : line.substring(eq + 1).split(",")) {
                Action.parse(a).ifPresent(actions::add);
            }
            if (eq > 0 && !line.substring(0, eq).isBlank() && !actions.isEmpty()) {
                out.add(new Rule(line.substring(0, eq), actions));
            }
        }
        return out;
    }
}
