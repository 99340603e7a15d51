package io.hallmark.server.fleetstats;

import io.hallmark.core.Checks;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Permission;
import io.hallmark.server.access.Principal;
import io.hallmark.server.persistence.Transactor;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The fleet's recent history for charts: what the caller's role may read of it, for their own organization. Reads
 * only; a part the role may not read is left out (empty), not refused, since the fleet page shows what it can.
 */
public final class FleetHistoryService {
    /** The longest history asked for, in days. */
    public static final int MAX_DAYS = 90;

    private static final long DAY_SECONDS = 86_400;

    private final Transactor tx;
    private final Clock clock;

    /**
     * The counts of one organization over the last days.
     *
     * @param firstDay the first day counted (days since the epoch, UTC); the last is today
     * @param added devices added per day, when the role may read devices
     * @param attestations attestation results per day and status, when the role may read devices
     * @param alerts alerts first seen per day, when the role may read alerts
     */
    public record History(
            long firstDay,
            long lastDay,
            Optional<List<DayCount>> added,
            Optional<List<DayCount>> attestations,
            Optional<List<DayCount>> alerts) {}

    /** Creates the service. */
    public FleetHistoryService(Transactor tx, Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.clock = Checks.notNull(clock, "clock");
    }

    /** The last {@code days} days (today included) of the caller's organization. */
    public History history(Caller caller, int days) {
        Checks.check(days >= 1 && days <= MAX_DAYS, "days", days, "1 to " + MAX_DAYS);
        Principal p = caller.principal();
        long today = Math.floorDiv(clock.instant().getEpochSecond(), DAY_SECONDS);
        long first = today - days + 1;
        boolean devices = p.may(Permission.DEVICE_READ, p.orgId());
        boolean alerts = p.may(Permission.ALERT_READ, p.orgId());
        return tx.read(s -> new History(
                first,
                today,
                devices ? Optional.of(s.fleetHistory().devicesAdded(p.orgId(), first)) : Optional.empty(),
                devices ? Optional.of(s.fleetHistory().attestations(p.orgId(), first)) : Optional.empty(),
                alerts ? Optional.of(s.fleetHistory().alertsOpened(p.orgId(), first)) : Optional.empty()));
    }

    /**
     * Why devices of one of the caller's organization's rollouts failed: the ten most frequent reasons with their
     * counts. Empty when the role may not read rollouts or the rollout is another organization's.
     */
    public List<ReasonCount> rolloutFailures(Caller caller, String rolloutId) {
        Principal p = caller.principal();
        if (!p.may(Permission.ROLLOUT_READ, p.orgId())) {
            return List.of();
        }
        return tx.read(s -> s.fleetHistory().rolloutFailures(p.orgId(), rolloutId, 10));
    }
}
