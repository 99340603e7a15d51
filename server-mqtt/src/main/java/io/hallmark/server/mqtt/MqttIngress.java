package io.hallmark.server.mqtt;

import static io.hallmark.server.behaviour.TelemetryIngest.Transport.MQTT;

import io.hallmark.core.Checks;
import io.hallmark.server.behaviour.Drop;
import io.hallmark.server.behaviour.TelemetryIngest;
import io.hallmark.server.events.EventBus;
import io.hallmark.server.identity.CertificateStatus;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceCertificate;
import io.hallmark.server.identity.IdentityServices;
import io.hallmark.server.pki.PlatformPki;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Telemetry over MQTT: an embedded broker by default, or an external MQTT 5 broker when {@link
 * MqttSettings#externalBroker} is set; either way reports pass the {@link TelemetryIngest} shared with HTTPS (bounded
 * queues sharded by device) into the behaviour service.
 *
 * <p>When a device stops being active (quarantined, decommissioned, handed back: its certificates are held or revoked),
 * the embedded broker drops its sessions at once and refuses it from then on. Use {@link #start}; {@link #close}
 * stops the broker or the subscription (the ingestion queues belong to the caller).
 */
public final class MqttIngress implements AutoCloseable {
    /** The device actions after which a device may no longer publish. */
    private static final Set<String> RETIRING = Set.of("device.quarantine", "device.decommission", "device.transfer");

    private static final int MAX_CACHED = 100_000;

    private final TelemetryIngest ingest;
    private final EmbeddedBroker embedded;
    private final ExternalBroker external;
    private final LongAdder sessionsDropped = new LongAdder();
    private final ConcurrentHashMap<String, Optional<Device>> bySerial = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private MqttIngress(TelemetryIngest ingest, EmbeddedBroker embedded, ExternalBroker external) {
        this.ingest = ingest;
        this.embedded = embedded;
        this.external = external;
    }

    /**
     * Starts the embedded broker, or subscribes to the external one; reports go to {@code ingest}.
     *
     * @param pki certifies the embedded broker's TLS key for each start
     * @throws IllegalStateException when the broker cannot start or the external broker cannot be reached
     */
    public static MqttIngress start(
            MqttSettings settings,
            TelemetryIngest ingest,
            IdentityServices identity,
            EventBus events,
            PlatformPki pki) {
        Checks.notNull(settings, "settings");
        Checks.notNull(identity, "identity");
        Checks.notNull(events, "events");
        Checks.notNull(pki, "pki");
        Checks.notNull(ingest, "ingest");
        MqttIngress[] self = new MqttIngress[1];
        if (settings.isExternal()) {
            ExternalBroker external =
                    ExternalBroker.start(settings, ingest, serial -> self[0].device(identity, serial));
            self[0] = new MqttIngress(ingest, null, external);
        } else {
            self[0] = new MqttIngress(ingest, EmbeddedBroker.start(settings, identity, pki, ingest), null);
        }
        MqttIngress ingress = self[0];
        // after the change committed: a held or revoked certificate ends the device's sessions
        identity.certificateStatus().add(ingress::certificatesChanged);
        events.subscribe(e -> {
            if (RETIRING.contains(e.kind())) {
                ingress.retired(e.subject(), e.kind());
            }
        });
        return ingress;
    }

    private Optional<Device> device(IdentityServices identity, String serial) {
        Optional<Device> cached = bySerial.get(serial);
        if (cached != null) {
            return cached;
        }
        Optional<Device> found = identity.enrollment().findActiveBySerial(serial);
        if (bySerial.size() >= MAX_CACHED) {
            bySerial.clear();
        }
        bySerial.put(serial, found);
        return found;
    }

    private void certificatesChanged(List<DeviceCertificate> changed) {
        // a new certificate may make a device known; any other change may end one
        bySerial.clear();
        for (DeviceCertificate c : changed) {
            if (c.status() != CertificateStatus.GOOD) {
                retired(c.deviceId(), c.status() == CertificateStatus.HELD ? "device.quarantine" : "device.revoked");
            }
        }
    }

    private void retired(String deviceId, String event) {
        bySerial.clear();
        if (embedded != null && !closed) {
            sessionsDropped.add(embedded.dropSessionsOf(deviceId, event));
        }
    }

    /**
     * Answers remote attestation over MQTT with {@code verifier} ({@code hallmark/d/{serial}/attest/...}, the embedded
     * broker only; {@code docs/protocol/attestation.md}).
     */
    public void serveAttestation(io.hallmark.server.attestation.AttestationService verifier) {
        if (embedded != null) {
            embedded.serveAttestation(new AttestationTopics(verifier));
        }
    }

    /** The embedded broker's port, when it runs. */
    public Optional<Integer> port() {
        return Optional.ofNullable(embedded).map(EmbeddedBroker::port);
    }

    /**
     * Whether telemetry can flow: the embedded broker runs, or Hallmark is connected to the external broker with its
     * shared subscription granted.
     */
    public boolean isReady() {
        return !closed && (embedded != null || external.isSubscribed());
    }

    /** How many MQTT messages or clients were turned away for {@code reason} since start. */
    public long dropped(Drop reason) {
        return ingest.dropped(MQTT, reason);
    }

    /** How many MQTT messages reached ingestion since start. */
    public long received() {
        return ingest.received(MQTT);
    }

    /** How many MQTT reports were taken since start. */
    public long accepted() {
        return ingest.accepted(MQTT);
    }

    /** How many reports (of both transports) wait in the ingestion queues now. */
    public int queueDepth() {
        return ingest.depth();
    }

    /** How many device sessions the embedded broker dropped because their device stopped being active. */
    public long sessionsDropped() {
        return sessionsDropped.sum();
    }

    /** How many device sessions the embedded broker holds now. */
    public int sessions() {
        return embedded == null ? 0 : embedded.sessions();
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (embedded != null) {
                embedded.close();
            }
        } finally {
            if (external != null) {
                external.close();
            }
        }
    }
}
