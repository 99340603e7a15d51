package io.hallmark.server.fleetaudit;

import io.hallmark.protocol.attestation.EarClaims;
import io.hallmark.protocol.attestation.Finding;
import io.hallmark.protocol.telemetry.DefaultCredentials;
import io.hallmark.protocol.telemetry.TelemetryReport;
import io.hallmark.server.attestation.AttestationRecord;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.update.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The checks about what a device attested and runs, pure: how fresh its latest attestation result is, whether the
 * evidence behind it said debug was enabled, whether its firmware is its product's latest security release, and
 * whether its agent found a local account with a known default credential.
 */
final class PostureChecks {
    private final FleetAuditSettings settings;

    PostureChecks(FleetAuditSettings settings) {
        this.settings = settings;
    }

    /**
     * {@code device.attestation.stale}: the device's latest attestation result is older than its owner's interval
     * (the time a result counts, docs/attestation), or an active device has none although it has been active for
     * longer than the interval.
     *
     * @param interval the owner's attestation interval
     */
    Optional<Observation> attestation(
            Device device, Optional<AttestationRecord> latest, Duration interval, Instant now) {
        if (latest.isPresent()) {
            Instant at = latest.get().appraisedAt();
            Duration age = Duration.between(at, now);
            if (age.compareTo(interval) <= 0) {
                return Optional.empty();
            }
            return Optional.of(new Observation(
                    AuditCheck.DEVICE_ATTESTATION_STALE,
                    DeviceChecks.resource(device),
                    "an attestation result within the owner's interval of " + minutes(interval),
                    "latest result " + at + " (" + latest.get().status().wire() + "), " + minutes(age) + " ago"));
        }
        if (device.state() != DeviceState.ACTIVE
                || Duration.between(device.updatedAt(), now).compareTo(interval) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Observation(
                AuditCheck.DEVICE_ATTESTATION_STALE,
                DeviceChecks.resource(device),
                "an attestation result within the owner's interval of " + minutes(interval),
                "no attestation result; active since " + device.updatedAt()));
    }

    /**
     * {@code device.debug.enabled}: the appraisal of the device's latest attestation result found {@code dbgstat}
     * (RFC 9711 §4.2.9) saying debug was enabled on a device in production (the finding weighs {@code warning}; on a
     * device or product marked as development it is only {@code info}, and quiet here). Read from the signed result's
     * findings (the evidence itself is not kept); a result whose evidence was rejected says nothing about debug, nor
     * does an unreadable one.
     */
    Optional<Observation> debug(Device device, Optional<AttestationRecord> latest) {
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        return debugState(latest.get().ear())
                .map(state -> new Observation(
                        AuditCheck.DEVICE_DEBUG_ENABLED,
                        DeviceChecks.resource(device),
                        "dbgstat disabled (RFC 9711 §4.2.9)",
                        "dbgstat " + state + " in the evidence of the result of "
                                + latest.get().appraisedAt()));
    }

    /** The {@code dbgstat} value of the debug finding of a signed result (compact JWS), if it has one. */
    static Optional<String> debugState(String ear) {
        String[] parts = ear.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        EarClaims.Result result;
        try {
            result = EarClaims.read(java.util.Base64.getUrlDecoder().decode(parts[1]));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
        return result.findings().stream()
                .filter(f -> Finding.DEBUG_ENABLED.equals(f.id()) && f.severity() != Finding.Severity.INFO)
                .map(f -> f.actual().isEmpty() ? "enabled" : f.actual())
                .findFirst();
    }

    /**
     * {@code device.firmware.behind}: the firmware the device reports (its latest telemetry's {@code fw}) is not its
     * product's latest security release, nor a release published after it, more than the grace period after that
     * release was published. Quiet when the product has no published security release or the device never reported.
     *
     * @param firmware the reported firmware version
     * @param releases the published releases of the device's product
     */
    Optional<Observation> firmware(Device device, Optional<String> firmware, List<Release> releases, Instant now) {
        Optional<Release> latest = releases.stream()
                .filter(r -> r.security() && r.state() == Release.State.PUBLISHED)
                .max(Comparator.comparing(Release::publishedAt).thenComparing(Release::version));
        if (latest.isEmpty() || firmware.isEmpty()) {
            return Optional.empty();
        }
        Release security = latest.get();
        Duration since = Duration.between(security.publishedAt(), now);
        if (since.compareTo(settings.firmwareBehindAfter()) <= 0) {
            return Optional.empty();
        }
        boolean current = releases.stream()
                .anyMatch(r ->
                        r.version().equals(firmware.get()) && !r.publishedAt().isBefore(security.publishedAt()));
        if (current) {
            return Optional.empty();
        }
        return Optional.of(new Observation(
                AuditCheck.DEVICE_FIRMWARE_BEHIND,
                DeviceChecks.resource(device),
                "security release " + security.version() + " (published " + security.publishedAt() + ") or later",
                "runs " + firmware.get() + ", " + DeviceChecks.days(since) + " after " + security.version()
                        + " was published"));
    }

    /**
     * {@code device.credentials.default}: the account check of the device's latest telemetry report ({@code acc},
     * docs/protocol/telemetry.md) found local accounts whose credential is a known default. Quiet when the latest
     * report has no account check (an agent of schema version 1) or it matched nothing. The evidence names the
     * accounts and the entries' ids, never a password.
     */
    Optional<Observation> credentials(Device device, Optional<TelemetryReport> latest) {
        Optional<TelemetryReport.AccountCheck> check = latest.flatMap(TelemetryReport::accounts);
        if (check.isEmpty() || check.get().matches().isEmpty()) {
            return Optional.empty();
        }
        DefaultCredentials known = DefaultCredentials.builtIn();
        List<String> matched = check.get().matches().stream()
                .map(m -> "account " + m.user() + " has default credential " + m.entry()
                        + (known.find(m.entry()).isPresent() ? "" : " (not in this server's list)"))
                .toList();
        return Optional.of(new Observation(
                AuditCheck.DEVICE_CREDENTIALS_DEFAULT,
                DeviceChecks.resource(device),
                "no local account with a known default credential (list "
                        + check.get().list() + ")",
                String.join("; ", matched) + " (" + check.get().checked() + " accounts checked)"));
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        if (m >= 120 && m % 60 == 0 || m >= 48 * 60) {
            return d.toHours() + " hours";
        }
        return m + (m == 1 ? " minute" : " minutes");
    }
}
