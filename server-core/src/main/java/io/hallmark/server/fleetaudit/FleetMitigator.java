package io.hallmark.server.fleetaudit;

import io.hallmark.core.Checks;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Principal;
import io.hallmark.server.access.Role;
import io.hallmark.server.events.EventBus;
import io.hallmark.server.events.SecurityEvent;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.identity.IdentityServices;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.update.Release;
import io.hallmark.server.update.RolloutRequest;
import io.hallmark.server.update.RolloutService;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the actions of an organization's {@link MitigationPolicy} on the findings a run opened: publishes a security
 * event (webhooks deliver it), quarantines the device through the identity service, or creates a security rollout
 * of the product's latest security release through the rollout service. Quarantines and rollouts act as the system
 * (a security officer of the organization, {@code fleet-audit}), so they are authorized and audited by the services
 * that make them, with the finding as reason.
 */
public final class FleetMitigator {
    /** The most findings one run mitigates; the rest wait for the next run's new findings (bounded work). */
    public static final int MAX_PER_RUN = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(FleetMitigator.class);

    private final Transactor tx;
    private final EventBus events;
    private final IdentityServices identity;
    private final Supplier<Optional<RolloutService>> rollouts;
    private final Clock clock;

    /**
     * Creates the mitigator.
     *
     * @param rollouts the rollout service, once made (empty: the rollout action is skipped and logged)
     */
    public FleetMitigator(
            Transactor tx,
            EventBus events,
            IdentityServices identity,
            Supplier<Optional<RolloutService>> rollouts,
            Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.events = Checks.notNull(events, "events");
        this.identity = Checks.notNull(identity, "identity");
        this.rollouts = Checks.notNull(rollouts, "rollouts");
        this.clock = Checks.notNull(clock, "clock");
    }

    /** What a run's mitigations did. */
    public record Tally(int notified, int quarantined, int rollouts) {
        /** For the audit log. */
        public String summary() {
            return notified + " notified, " + quarantined + " quarantined, " + rollouts + " rollouts";
        }
    }

    /** Applies {@code policy} to {@code opened} (new, not suppressed findings of organization {@code orgId}). */
    Tally apply(String orgId, MitigationPolicy policy, List<FleetFinding> opened) {
        int notified = 0;
        int quarantined = 0;
        int made = 0;
        Set<String> releasesRolled = new HashSet<>();
        Caller system = system(orgId);
        for (FleetFinding f : opened.subList(0, Math.min(opened.size(), MAX_PER_RUN))) {
            Optional<AuditCheck> check = AuditCheck.byId(f.checkId());
            if (check.isEmpty()) {
                continue;
            }
            Set<MitigationPolicy.Action> actions = policy.actionsFor(check.get());
            if (actions.contains(MitigationPolicy.Action.NOTIFY)) {
                events.publish(new SecurityEvent(
                        "fleet-audit.finding",
                        Optional.of(orgId),
                        f.resource().id(),
                        f.severity().wire() + " " + f.checkId() + " on "
                                + f.resource().type() + " " + f.resource().name() + ": " + f.actual(),
                        clock.instant()));
                notified++;
            }
            if (!"device".equals(f.resource().type())) {
                continue;
            }
            Optional<Device> device =
                    tx.read(s -> s.devices().findById(f.resource().id()));
            if (device.isEmpty()) {
                continue;
            }
            if (actions.contains(MitigationPolicy.Action.QUARANTINE)
                    && device.get().state() == DeviceState.ACTIVE
                    && device.get().controller().equals(orgId)) {
                try {
                    identity.devices()
                            .quarantine(
                                    system,
                                    device.get().id(),
                                    "fleet audit " + f.checkId() + " (finding " + f.id() + "): " + f.actual());
                    quarantined++;
                } catch (ConflictException movedMeanwhile) {
                    // quarantined or retired meanwhile: nothing left to do
                }
            }
            if (actions.contains(MitigationPolicy.Action.ROLLOUT)
                    && device.get().controller().equals(orgId)) {
                Optional<Release> release = latestSecurityRelease(device.get());
                if (release.isPresent()
                        && releasesRolled.add(release.get().id())
                        && rollout(system, orgId, release.get(), f)) {
                    made++;
                }
            }
        }
        return new Tally(notified, quarantined, made);
    }

    private boolean rollout(Caller system, String orgId, Release release, FleetFinding f) {
        Optional<RolloutService> service = rollouts.get();
        if (service.isEmpty()) {
            LOG.warn("fleet audit: no rollout service; finding {} not mitigated by a rollout", f.id());
            return false;
        }
        boolean open = tx.read(s -> s.rollouts().openForRelease(release.id())).stream()
                .anyMatch(r -> r.orgId().equals(orgId));
        if (open) {
            return false;
        }
        try {
            service.get()
                    .create(
                            system,
                            new RolloutRequest(
                                    orgId,
                                    release.id(),
                                    List.of("100%"),
                                    90,
                                    10,
                                    0,
                                    null,
                                    true,
                                    java.util.Map.of(),
                                    null,
                                    null));
            return true;
        } catch (RuntimeException refused) {
            // e.g. no active device left without an unfinished update: the rollout service said why
            LOG.info(
                    "fleet audit: rollout of {} for finding {} not made: {}",
                    release.id(),
                    f.id(),
                    refused.getMessage());
            return false;
        }
    }

    private Optional<Release> latestSecurityRelease(Device device) {
        if (device.productId().isEmpty()) {
            return Optional.empty();
        }
        String productId = device.productId().get();
        return tx.read(s -> s.products().findById(productId).flatMap(p -> s.releases().published(p.orgId()).stream()
                .filter(r -> r.productId().equals(productId) && r.security())
                .max(Comparator.comparing(Release::publishedAt))));
    }

    private static Caller system(String orgId) {
        Principal p = new Principal(
                "system", "fleet-audit", orgId, false, Set.of(Role.SECURITY_OFFICER), "system", Optional.empty());
        return new Caller(p, "fleet-audit-" + orgId);
    }
}
