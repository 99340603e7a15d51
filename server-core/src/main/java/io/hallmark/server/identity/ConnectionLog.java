package io.hallmark.server.identity;

import io.hallmark.core.Checks;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The recent device connections of this server, in memory and bounded: for each client certificate presented to a
 * device listener (the device port's TLS handshake, the MQTT broker's CONNECT), when, from which address, with which
 * MQTT client id, whether an open MQTT session of that client id was taken over (MQTT 5.0 §3.1.4), and why it was
 * refused if it was. The fleet audit reads it for shared certificates, conflicting client ids and refused devices
 * still connecting.
 *
 * <p>At most {@value #PER_CERTIFICATE} connections per certificate and {@value #MAX_CERTIFICATES} certificates are
 * kept (the least recently seen certificate goes first), none older than {@link #RETENTION}; a restart forgets
 * them.
 */
public final class ConnectionLog {
    /** Connections kept per certificate. */
    public static final int PER_CERTIFICATE = 32;

    /** Certificates kept. */
    public static final int MAX_CERTIFICATES = 100_000;

    /** How long a connection is kept. */
    public static final Duration RETENTION = Duration.ofDays(1);

    /** Why a connection was refused, as far as the audit cares. */
    public enum Refusal {
        /** Let in. */
        NONE,
        /** The certificate is revoked or on hold. */
        REVOKED,
        /** The device is quarantined or decommissioned. */
        QUARANTINED,
        /** Any other reason (unknown issuer, wrong client id, ...). */
        OTHER;

        /** The category of a refusal message of {@link DeviceAuthenticator} or the broker. */
        public static Refusal of(Optional<String> reason) {
            if (reason.isEmpty()) {
                return NONE;
            }
            String r = reason.get().toLowerCase(Locale.ROOT);
            if (r.contains("certificate is revoked") || r.contains("certificate is held")) {
                return REVOKED;
            }
            if (r.contains("device is quarantined") || r.contains("device is decommissioned")) {
                return QUARANTINED;
            }
            return OTHER;
        }
    }

    /**
     * One connection.
     *
     * @param sha256 the client certificate's SHA-256, lowercase hex
     * @param serialHex its serial number, hex
     * @param listener {@code device-port} or {@code mqtt}
     * @param address the peer's IP address
     * @param clientId the MQTT client id (empty on the device port)
     * @param tookOver whether it took over an open MQTT session of the same client id
     * @param refusal why it was refused, {@link Refusal#NONE} when let in
     * @param at when
     */
    public record Connection(
            String sha256,
            String serialHex,
            String listener,
            String address,
            Optional<String> clientId,
            boolean tookOver,
            Refusal refusal,
            Instant at) {
        /** Checks the fields. */
        public Connection {
            Checks.notBlank(sha256, "sha256");
            Checks.notNull(serialHex, "serialHex");
            Checks.notBlank(listener, "listener");
            Checks.notNull(address, "address");
            Checks.notNull(clientId, "clientId");
            Checks.notNull(refusal, "refusal");
            Checks.notNull(at, "at");
        }
    }

    private final Clock clock;
    private final LinkedHashMap<String, ArrayDeque<Connection>> byCertificate = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Connection>> eldest) {
            return size() > MAX_CERTIFICATES;
        }
    };

    /** A log on the system clock. */
    public ConnectionLog() {
        this(Clock.systemUTC());
    }

    /** A log on {@code clock}. */
    public ConnectionLog(Clock clock) {
        this.clock = Checks.notNull(clock, "clock");
    }

    /**
     * Records a connection of {@code certificate} from {@code address}.
     *
     * @param refusal why it was refused, empty when let in
     */
    public void record(
            X509Certificate certificate,
            String listener,
            String address,
            Optional<String> clientId,
            boolean tookOver,
            Optional<String> refusal) {
        if (certificate == null) {
            return;
        }
        String sha256;
        try {
            sha256 = io.hallmark.core.Hashes.hex(io.hallmark.core.Hashes.sha256(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            return;
        }
        record(new Connection(
                sha256,
                certificate.getSerialNumber().toString(16),
                listener,
                address == null ? "" : address,
                clientId,
                tookOver,
                Refusal.of(refusal),
                clock.instant()));
    }

    /** Records {@code c}. */
    public synchronized void record(Connection c) {
        // insertion order, moved to the end on each connection: the least recently seen certificate goes first
        ArrayDeque<Connection> q = byCertificate.remove(c.sha256());
        if (q == null) {
            q = new ArrayDeque<>();
        }
        byCertificate.put(c.sha256(), q);
        q.addLast(c);
        while (q.size() > PER_CERTIFICATE) {
            q.removeFirst();
        }
    }

    /** The kept connections of each of {@code sha256s} since {@code since}, oldest first (certificates without any left out). */
    public synchronized Map<String, List<Connection>> since(Collection<String> sha256s, Instant since) {
        Instant floor = clock.instant().minus(RETENTION);
        Instant from = since.isAfter(floor) ? since : floor;
        Map<String, List<Connection>> out = new HashMap<>();
        for (String h : sha256s) {
            ArrayDeque<Connection> q = byCertificate.get(h);
            if (q == null) {
                continue;
            }
            List<Connection> kept = new ArrayList<>();
            for (Connection c : q) {
                if (!c.at().isBefore(from)) {
                    kept.add(c);
                }
            }
            if (!kept.isEmpty()) {
                out.put(h, kept);
            }
        }
        return out;
    }

    /** How many certificates are kept. */
    public synchronized int certificates() {
        return byCertificate.size();
    }
}
