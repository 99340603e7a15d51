package io.hallmark.server.update;

import io.hallmark.core.Checks;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceService;
import io.hallmark.server.persistence.Transactor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What rollouts select devices by: the tags the controlling organization sets on its devices ({@code site=berlin};
 * {@code device-operate} to change, audited {@code device.tag}; {@code device-read} to read), and the firmware version
 * each device last reported (its telemetry's {@code fw}, or the release it reported installed).
 */
public final class DeviceTagService {
    private final Transactor tx;
    private final AuditLog audit;
    private final DeviceService devices;
    private final Clock clock;

    /** Creates the service. */
    public DeviceTagService(Transactor tx, AuditLog audit, DeviceService devices, Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.devices = Checks.notNull(devices, "devices");
        this.clock = Checks.notNull(clock, "clock");
    }

    /**
     * A device's tags and reported firmware.
     *
     * @param device the device
     * @param tags its tags, by name
     * @param firmware the firmware version it last reported, if any
     */
    public record Tags(Device device, Map<String, String> tags, Optional<String> firmware) {}

    /** The tags and reported firmware of device {@code ref} (id or serial). */
    public Tags show(Caller caller, String ref) {
        Device d = devices.controlledDevice(caller, ref, Permission.DEVICE_READ, "device.tags.read");
        return tx.read(
                s -> new Tags(d, s.deviceTags().tags(d.id()), s.deviceTags().firmware(d.id())));
    }

    /** Adds (or replaces) the tags of {@code add} and removes those named in {@code remove}, in one audited step. */
    public Tags change(Caller caller, String ref, Map<String, String> add, List<String> remove) {
        Map<String, String> adding = add == null ? Map.of() : add;
        List<String> removing = remove == null ? List.of() : remove;
        if (adding.isEmpty() && removing.isEmpty()) {
            throw new InvalidRequestException("add or remove: at least one tag");
        }
        adding.forEach((k, v) -> {
            if (!DeviceTags.isName(k) || !DeviceTags.isValue(v)) {
                throw new InvalidRequestException(
                        "add: tag names " + DeviceTags.NAME_RULE + ", values " + DeviceTags.VALUE_RULE);
            }
        });
        for (String k : removing) {
            if (!DeviceTags.isName(k)) {
                throw new InvalidRequestException("remove: tag names " + DeviceTags.NAME_RULE);
            }
            if (adding.containsKey(k)) {
                throw new InvalidRequestException("tag " + k + ": both added and removed");
            }
        }
        Device d = devices.controlledDevice(caller, ref, Permission.DEVICE_OPERATE, "device.tag");
        Instant now = clock.instant();
        return tx.inTransaction(s -> {
            StringBuilder what = new StringBuilder();
            for (String k : removing) {
                if (s.deviceTags().remove(d.id(), k)) {
                    what.append(what.isEmpty() ? "" : " ").append('-').append(k);
                }
            }
            adding.forEach((k, v) -> {
                s.deviceTags().put(d.id(), k, v, now);
                what.append(what.isEmpty() ? "" : " ")
                        .append('+')
                        .append(k)
                        .append('=')
                        .append(v);
            });
            Map<String, String> tags = s.deviceTags().tags(d.id());
            if (tags.size() > DeviceTags.MAX_TAGS) {
                throw new InvalidRequestException("tags: at most " + DeviceTags.MAX_TAGS + " per device");
            }
            audit.record(
                    s,
                    caller.record(
                            "device.tag",
                            Optional.of(d.controller()),
                            d.id(),
                            Outcome.SUCCESS,
                            what.isEmpty() ? "no change" : what.toString(),
                            Severity.INFO));
            return new Tags(d, tags, s.deviceTags().firmware(d.id()));
        });
    }

    /**
     * Records the firmware version device {@code deviceId} reports running (telemetry's {@code fw}); a version that is
     * not one by {@link FirmwareVersion#RULE} is ignored. Writes only when it changed.
     */
    public void firmwareReported(String deviceId, String version) {
        if (FirmwareVersion.isVersion(version)) {
            Instant now = clock.instant();
            tx.inTransaction(s -> s.deviceTags().reportFirmware(deviceId, version, now));
        }
    }
}
