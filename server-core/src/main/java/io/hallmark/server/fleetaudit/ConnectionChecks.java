package io.hallmark.server.fleetaudit;

import io.hallmark.server.identity.ConnectionLog;
import io.hallmark.server.identity.ConnectionLog.Connection;
import io.hallmark.server.identity.ConnectionLog.Refusal;
import io.hallmark.server.identity.Device;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks about how a device connects, pure, over the recent connections of its certificates
 * ({@link ConnectionLog}): one certificate let in from several addresses within the window, an MQTT client id
 * taken over again and again, and a certificate refused because it is revoked or its device quarantined that still
 * tries to connect.
 */
final class ConnectionChecks {
    /** Takeovers of one client id within the window that make a conflict. */
    static final int TAKEOVERS = 3;

    private final FleetAuditSettings settings;

    ConnectionChecks(FleetAuditSettings settings) {
        this.settings = settings;
    }

    /**
     * Adds what the connection checks see in {@code byCertificate} (the window's connections of the device's
     * certificates, by SHA-256) to {@code out}.
     */
    void connections(Device device, Map<String, List<Connection>> byCertificate, List<Observation> out) {
        Resource r = DeviceChecks.resource(device);
        Duration window = settings.sharedWithin();
        for (List<Connection> list : byCertificate.values()) {
            shared(list, window)
                    .ifPresent(addresses -> out.add(new Observation(
                            AuditCheck.DEVICE_CERTIFICATE_SHARED,
                            r,
                            "no interleaved connections from different addresses within " + window.toMinutes()
                                    + " minutes",
                            "certificate " + list.get(0).serialHex() + " let in from " + addresses.size()
                                    + " addresses: " + String.join(", ", first(addresses)))));
        }
        List<Connection> all =
                byCertificate.values().stream().flatMap(List::stream).toList();
        long takeovers = all.stream().filter(Connection::tookOver).count();
        if (takeovers >= TAKEOVERS) {
            Set<String> ids = new TreeSet<>();
            all.stream().filter(Connection::tookOver).forEach(c -> c.clientId().ifPresent(ids::add));
            out.add(new Observation(
                    AuditCheck.DEVICE_CLIENT_ID_CONFLICT,
                    r,
                    "fewer than " + TAKEOVERS + " MQTT session takeovers within " + window.toMinutes() + " minutes",
                    takeovers + " takeovers of client id " + String.join(", ", first(ids))
                            + " (MQTT 5.0 §3.1.4: the newer connection drops the older)"));
        }
        List<Connection> refused = all.stream()
                .filter(c -> c.refusal() == Refusal.REVOKED || c.refusal() == Refusal.QUARANTINED)
                .toList();
        if (!refused.isEmpty()) {
            Set<String> addresses = new TreeSet<>();
            refused.forEach(c -> addresses.add(c.address()));
            Connection last = refused.get(refused.size() - 1);
            out.add(new Observation(
                    AuditCheck.DEVICE_REFUSED_CONNECTING,
                    r,
                    "no connection attempts of a revoked certificate or a quarantined device",
                    refused.size() + " refused connections ("
                            + (last.refusal() == Refusal.REVOKED ? "certificate revoked or held" : "device quarantined")
                            + "), last " + last.at() + " on " + last.listener() + " from "
                            + String.join(", ", first(addresses))));
        }
    }

    /**
     * The addresses one certificate was let in from while in use from another: connections interleave (address A,
     * then B, then A again, all within {@code window}), which one device moving from one network to another does not
     * do; empty otherwise.
     *
     * @param list connections oldest first
     */
    static java.util.Optional<Set<String>> shared(List<Connection> list, Duration window) {
        List<Connection> in = new ArrayList<>();
        for (Connection c : list) {
            if (c.refusal() == Refusal.NONE && !c.address().isEmpty()) {
                in.add(c);
            }
        }
        Set<String> addresses = new TreeSet<>();
        for (int k = 2; k < in.size(); k++) {
            Connection c = in.get(k);
            for (int j = k - 1; j >= 1; j--) {
                Connection b = in.get(j);
                if (Duration.between(b.at(), c.at()).compareTo(window) > 0) {
                    break;
                }
                if (b.address().equals(c.address())) {
                    continue;
                }
                for (int i = j - 1; i >= 0; i--) {
                    Connection a = in.get(i);
                    if (Duration.between(a.at(), c.at()).compareTo(window) > 0) {
                        break;
                    }
                    if (a.address().equals(c.address())) {
                        addresses.add(c.address());
                        addresses.add(b.address());
                    }
                }
            }
        }
        return addresses.size() >= 2 ? java.util.Optional.of(addresses) : java.util.Optional.empty();
    }

    /** At most five, for the evidence. */
    private static List<String> first(Set<String> s) {
        return s.stream().limit(5).toList();
    }
}
