package io.hallmark.server.update;

import io.hallmark.core.Checks;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceAudit;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.identity.IdentityServices;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Stores;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.vault.VaultJwsSigner;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rollouts as a device sees them on the device port (mutual TLS with its operational certificate): its current
 * assignment, signed with the platform's assignment key ({@code docs/update/README.md}, "Assignments"), and its
 * outcome reports, each of which may advance or pause the rollout in the same transaction.
 */
public final class RolloutDelivery {
    /** How long a signed assignment is valid. */
    static final Duration VALIDITY = Duration.ofHours(24);

    private final Transactor tx;
    private final AuditLog audit;
    private final DeviceAudit deviceAudit;
    private final IdentityServices identity;
    private final VaultJwsSigner signer;
    private final Clock clock;

    /** Creates the service; the assignment key is made in {@code vault} on first use. */
    public RolloutDelivery(
            Transactor tx,
            AuditLog audit,
            IdentityServices identity,
            io.hallmark.server.vault.KeyVault vault,
            Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.deviceAudit = new DeviceAudit(tx, audit);
        this.identity = Checks.notNull(identity, "identity");
        this.signer = new VaultJwsSigner(vault, "assignment-signing", "hallmark-assignment+jwt");
        this.clock = Checks.notNull(clock, "clock");
    }

    /**
     * What a device is told: a signed assignment (compact JWS), or to ask again later.
     *
     * @param jws the signed assignment, if there is one to deliver now
     * @param retryAfterSeconds when there is none now but may be soon (maintenance window, rate limit), else 0
     */
    public record Answer(Optional<String> jws, int retryAfterSeconds) {}

    /** The assignment key's public key (PEM SubjectPublicKeyInfo): devices verify assignments with it. */
    public String signingKeyPem() {
        return signer.publicKeyPem();
    }

    /** The assignment key's id (the JWS {@code kid}). */
    public String signingKeyId() {
        return signer.keyId();
    }

    /** The current assignment of the device presenting {@code certificate}. */
    public Answer assignment(X509Certificate certificate, String requestId) {
        Device device = device(certificate, "rollout.assignment", requestId);
        Instant now = clock.instant();
        record Decision(Map<String, Object> claims, int retry) {}
        Decision d = tx.inTransaction(s -> {
            Optional<RolloutDevice> cur = s.rollouts().current(device.id());
            if (cur.isEmpty()) {
                return new Decision(null, 0);
            }
            RolloutDevice a = cur.get();
            Rollout r = s.rollouts().findById(a.rolloutId()).orElseThrow();
            Release rel = s.releases().findById(r.releaseId()).orElseThrow();
            if (a.state() == RolloutDevice.State.CANCELLED || rel.state() == Release.State.REVOKED) {
                return new Decision(claims(device, r, rel, "cancel", a.reason().orElse("cancelled"), now), 0);
            }
            if (a.deliveredAt().isEmpty()) {
                if (r.state() != Rollout.State.RUNNING) {
                    return new Decision(null, 0);
                }
                int wait = waitFor(s, r, now);
                if (wait > 0) {
                    return new Decision(null, wait);
                }
                s.rollouts().move(deliver(a, now), a.state());
            }
            return new Decision(claims(device, r, rel, "install", null, now), 0);
        });
        return d.claims() == null
                ? new Answer(Optional.empty(), d.retry())
                : new Answer(Optional.of(signer.sign(d.claims())), 0);
    }

    /**
     * Records the device's outcome in {@code rolloutId}: {@code downloading}, {@code installed}, {@code failed} or
     * {@code rolled-back} (the last two with a reason). Returns the assignment as it is now.
     */
    public RolloutDevice report(
            X509Certificate certificate, String rolloutId, String state, String reason, String requestId) {
        Device device = device(certificate, "rollout.report", requestId);
        RolloutDevice.State to = outcome(state);
        if (reason != null && reason.length() > 500) {
            throw new InvalidRequestException("reason: at most 500 characters");
        }
        if ((to == RolloutDevice.State.FAILED || to == RolloutDevice.State.ROLLED_BACK)
                && (reason == null || reason.isBlank())) {
            throw new InvalidRequestException("reason: required for " + to.wire());
        }
        Instant now = clock.instant();
        return tx.inTransaction(s -> {
            RolloutDevice a = s.rollouts()
                    .find(rolloutId == null ? "" : rolloutId, device.id())
                    .orElseThrow(() -> new NotFoundException("no assignment in rollout " + rolloutId));
            boolean ok =
                    switch (a.state()) {
                        case ASSIGNED -> true;
                        case DOWNLOADING -> to != RolloutDevice.State.DOWNLOADING;
                        case INSTALLED -> to == RolloutDevice.State.ROLLED_BACK;
                        default -> false;
                    };
            if (!ok) {
                throw new ConflictException("assignment is " + a.state().wire() + "; cannot become " + to.wire());
            }
            RolloutDevice next = new RolloutDevice(
                    a.rolloutId(),
                    a.deviceId(),
                    a.seq(),
                    to,
                    Optional.ofNullable(reason),
                    a.deliveredAt().or(() -> Optional.of(now)),
                    now);
            if (!s.rollouts().move(next, a.state())) {
                throw new ConflictException("assignment changed meanwhile; report again");
            }
            if (to == RolloutDevice.State.INSTALLED) {
                s.rollouts().count(a.rolloutId(), 1, 0, now);
            } else if (to != RolloutDevice.State.DOWNLOADING) {
                s.rollouts().count(a.rolloutId(), a.state() == RolloutDevice.State.INSTALLED ? -1 : 0, 1, now);
            }
            audit.record(
                    s,
                    DeviceAudit.entry(
                            device,
                            "rollout.report",
                            requestId,
                            to == RolloutDevice.State.FAILED || to == RolloutDevice.State.ROLLED_BACK
                                    ? Outcome.FAILURE
                                    : Outcome.SUCCESS,
                            a.rolloutId() + ": " + to.wire() + (reason == null ? "" : " (" + reason + ")")));
            RolloutService.progress(s, a.rolloutId(), now);
            return next;
        });
    }

    private static RolloutDevice deliver(RolloutDevice a, Instant now) {
        return new RolloutDevice(a.rolloutId(), a.deviceId(), a.seq(), a.state(), a.reason(), Optional.of(now), now);
    }

    /** Seconds until a first delivery may happen: outside the window (unless security), or over the rate. */
    private static int waitFor(Stores s, Rollout r, Instant now) {
        if (r.window().isPresent() && !r.security()) {
            int wait = untilWindow(r.window().get(), now);
            if (wait > 0) {
                return wait;
            }
        }
        if (r.ratePerMinute() > 0 && s.rollouts().deliveredSince(r.id(), now.minusSeconds(60)) >= r.ratePerMinute()) {
            return 60;
        }
        return 0;
    }

    /** Seconds from {@code now} until the daily UTC window {@code HH:MM-HH:MM} opens; 0 inside it (equal ends: all day). */
    static int untilWindow(String window, Instant now) {
        String[] w = window.split("-");
        LocalTime from = LocalTime.parse(w[0]);
        LocalTime to = LocalTime.parse(w[1]);
        LocalTime t = LocalTime.ofInstant(now, ZoneOffset.UTC);
        boolean inside = from.equals(to)
                || (from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to));
        if (inside) {
            return 0;
        }
        long secs = Duration.between(t, from).toSeconds();
        return (int) (secs <= 0 ? secs + 86_400 : secs);
    }

    private static Map<String, Object> claims(
            Device device, Rollout r, Release rel, String action, String reason, Instant now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", "hallmark");
        c.put("sub", device.id());
        c.put("iat", now.getEpochSecond());
        c.put("exp", now.plus(VALIDITY).getEpochSecond());
        c.put("rollout", r.id());
        c.put("release", rel.id());
        c.put("action", action);
        c.put("version", rel.version());
        c.put("security", r.security());
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("name", rel.targetPath());
        target.put("length", rel.imageLength());
        target.put("hashes", Map.of("sha256", rel.imageSha256()));
        c.put("target", target);
        c.put("repository", rel.orgId());
        if (reason != null) {
            c.put("reason", reason);
        }
        return c;
    }

    private static RolloutDevice.State outcome(String state) {
        if (state != null) {
            for (RolloutDevice.State s : new RolloutDevice.State[] {
                RolloutDevice.State.DOWNLOADING,
                RolloutDevice.State.INSTALLED,
                RolloutDevice.State.FAILED,
                RolloutDevice.State.ROLLED_BACK
            }) {
                if (s.wire().equals(state)) {
                    return s;
                }
            }
        }
        throw new InvalidRequestException("state: expected one of downloading, installed, failed, rolled-back");
    }

    private Device device(X509Certificate certificate, String action, String requestId) {
        Device device = certificate == null
                ? null
                : identity.enrollment().findByCertificate(certificate).orElse(null);
        if (device == null) {
            throw deviceAudit.unauthenticated(
                    action, requestId, "no device certificate", "the device's operational certificate");
        }
        if (device.state() != DeviceState.ACTIVE) {
            throw deviceAudit.deny(
                    device, action, requestId, "device is " + device.state().wire());
        }
        return device;
    }
}
