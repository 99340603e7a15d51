package io.hallmark.server.mqtt;

import static io.hallmark.server.behaviour.TelemetryIngest.Transport.MQTT;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import io.hallmark.protocol.telemetry.TelemetryCodec;
import io.hallmark.server.behaviour.Drop;
import io.hallmark.server.behaviour.TelemetryIngest;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.identity.IdentityServices;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hallmark inside the embedded broker (HiveMQ extension SDK): authenticates each connection by its TLS client
 * certificate exactly as the device port does, and only for active devices; lets a device publish and subscribe only
 * under {@code hallmark/d/{its serial}/}; hands telemetry to the ingestion queue and acknowledges a QoS 1 publish only
 * when the report was taken (Success) or refused (a reason code saying why), MQTT 5.0 §3.4.2.1.
 */
final class BrokerExtension implements ExtensionMain {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerExtension.class);
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final IdentityServices identity;
    private final TelemetryIngest ingest;
    private final ExecutorService blocking;
    private static final String SESSION_KEY = "hallmark.session";

    /** The device of each authenticated client id, and which connection it came on. */
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    private final AtomicLong connections = new AtomicLong();

    /** Client ids whose latest authentication replaced an open session, until recorded. */
    private final java.util.Set<String> takeovers = ConcurrentHashMap.newKeySet();

    private record Session(Device device, String connection) {}

    private final AtomicReference<ClientService> clients = new AtomicReference<>();

    /** Attestation over MQTT, once the verifier is there. */
    private final AtomicReference<AttestationTopics> attestation = new AtomicReference<>();

    BrokerExtension(IdentityServices identity, TelemetryIngest ingest, ExecutorService blocking) {
        this.identity = identity;
        this.ingest = ingest;
        this.blocking = blocking;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Authorizer authorizer = new Authorizer();
        Services.securityRegistry().setAuthenticatorProvider(in -> (SimpleAuthenticator) this::authenticate);
        Services.securityRegistry().setAuthorizerProvider(in -> authorizer);
        PublishInboundInterceptor interceptor = this::onPublish;
        Services.initializerRegistry()
                .setClientInitializer((in, context) -> context.addPublishInboundInterceptor(interceptor));
        Services.eventRegistry().setClientLifecycleEventListener(in -> new Forget());
        clients.set(Services.clientService());
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        clients.set(null);
    }

    /**
     * Drops every session of device {@code deviceId} (quarantined, decommissioned, handed back): the broker
     * tells it {@code event} on its events topic, disconnects it with {@code Not authorized}, and the authenticator
     * refuses it from now on.
     *
     * @return how many sessions were dropped
     */
    int dropSessionsOf(String deviceId, String event) {
        ClientService service = clients.get();
        int dropped = 0;
        for (var e : sessions.entrySet()) {
            if (e.getValue().device().id().equals(deviceId) && sessions.remove(e.getKey(), e.getValue())) {
                dropped++;
                if (service != null) {
                    String clientId = e.getKey();
                    // the device hears why on its events topic first (DeviceEvents), then the session ends
                    DeviceEvents.tellThenDrop(
                            clientId,
                            e.getValue().device().serial(),
                            event,
                            () -> service.disconnectClient(
                                    clientId,
                                    false,
                                    com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode.NOT_AUTHORIZED,
                                    "device is no longer active"));
                }
            }
        }
        return dropped;
    }

    /** Answers attestation requests ({@link AttestationTopics}) from now on. */
    void serveAttestation(AttestationTopics topics) {
        attestation.set(topics);
    }

    /** How many device sessions are open. */
    int sessions() {
        return sessions.size();
    }

    private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
        Optional<X509Certificate[]> chain = input.getConnectionInformation()
                .getClientTlsInformation()
                .flatMap(ClientTlsInformation::getClientCertificateChain);
        String clientId = input.getClientInformation().getClientId();
        Async<SimpleAuthOutput> async = output.async(AUTH_TIMEOUT, TimeoutFallback.FAILURE);
        blocking.execute(() -> {
            try {
                Optional<String> refusal = refusal(
                        chain, clientId, input.getConnectionInformation().getConnectionAttributeStore());
                record(
                        chain,
                        clientId,
                        input.getConnectionInformation()
                                .getInetAddress()
                                .map(java.net.InetAddress::getHostAddress)
                                .orElse(""),
                        refusal);
                if (refusal.isPresent()) {
                    ingest.count(MQTT, Drop.CONNECT_REFUSED);
                    LOG.info("mqtt: connection of client {} refused: {}", printable(clientId), refusal.get());
                    // one answer whatever failed: the client learns nothing of which check it was
                    output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "not authorized");
                } else {
                    output.authenticateSuccessfully();
                }
            } catch (RuntimeException e) {
                ingest.count(MQTT, Drop.CONNECT_REFUSED);
                LOG.warn("mqtt: authentication of client {} failed", printable(clientId), e);
                output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "not authorized");
            } finally {
                async.resume();
            }
        });
    }

    /** A client id as the log may show it: at most 64 characters, anything but printable ASCII as '?'. */
    static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) : s;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }

    /** Why the connection is refused, or empty when it is let in (and its device recorded). */
    private Optional<String> refusal(
            Optional<X509Certificate[]> chain, String clientId, ConnectionAttributeStore connection) {
        if (chain.isEmpty() || chain.get().length == 0) {
            return Optional.of("no client certificate");
        }
        try {
            identity.authenticator().checkChain(chain.get());
        } catch (CertificateException e) {
            return Optional.of(e.getMessage());
        }
        // the operational certificate only: a birth certificate (IDevID) is for onboarding
        Optional<Device> device = identity.enrollment().findByOperationalCertificate(chain.get()[0]);
        if (device.isEmpty()) {
            return Optional.of("not an operational certificate of a device here");
        }
        if (device.get().state() != DeviceState.ACTIVE) {
            return Optional.of("device is " + device.get().state().wire());
        }
        String serial = device.get().serial();
        // the client id is the device's, so that no device can take over another's session (MQTT 5.0 §3.1.4)
        if (!clientId.equals(serial) && !clientId.startsWith(serial + "-")) {
            return Optional.of("client id is not the serial number (or the serial number and '-')");
        }
        String token = Long.toString(connections.incrementAndGet());
        connection.putAsString(SESSION_KEY, token);
        if (sessions.put(clientId, new Session(device.get(), token)) != null) {
            takeovers.add(clientId);
        }
        return Optional.empty();
    }

    /** Records the connection for the fleet audit: shared certificates, client id takeovers, refused devices. */
    private void record(Optional<X509Certificate[]> chain, String clientId, String address, Optional<String> refusal) {
        if (chain.isEmpty() || chain.get().length == 0) {
            return;
        }
        boolean tookOver = refusal.isEmpty() && takeovers.remove(clientId);
        identity.authenticator()
                .connections()
                .record(chain.get()[0], "mqtt", address, Optional.of(printable(clientId)), tookOver, refusal);
    }

    private void onPublish(PublishInboundInput input, PublishInboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        String topic = input.getPublishPacket().getTopic();
        Session session = sessions.get(clientId);
        Device device = session == null ? null : session.device();
        Optional<DeviceTopic> parsed = DeviceTopic.parse(topic);
        if (device == null || parsed.isEmpty() || !parsed.get().serial().equals(device.serial())) {
            ingest.count(MQTT, Drop.TOPIC_DENIED);
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "only under hallmark/d/{your serial}/");
            return;
        }
        Optional<AttestationTopics.Request> attest = AttestationTopics.request(device.serial(), topic);
        AttestationTopics topics = attestation.get();
        if (attest.isPresent() && topics != null) {
            topics.handle(attest.get(), device, input, output, blocking);
            return;
        }
        if (!parsed.get().isTelemetry(topic)) {
            ingest.count(MQTT, Drop.TOPIC_UNSUPPORTED);
            output.preventPublishDelivery(AckReasonCode.TOPIC_NAME_INVALID, "this topic takes no messages yet");
            return;
        }
        ByteBuffer payload = input.getPublishPacket().getPayload().orElse(ByteBuffer.allocate(0));
        if (payload.remaining() > TelemetryCodec.MAX_BYTES) {
            ingest.count(MQTT, Drop.TOO_LARGE);
            output.preventPublishDelivery(AckReasonCode.PAYLOAD_FORMAT_INVALID, "a report is at most 16 KiB");
            return;
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        boolean qos0 = input.getPublishPacket().getQos() == Qos.AT_MOST_ONCE;
        Async<PublishInboundOutput> async =
                output.async(ACK_TIMEOUT, TimeoutFallback.FAILURE, AckReasonCode.UNSPECIFIED_ERROR, "timed out");
        boolean queued = ingest.offer(MQTT, device, bytes, outcome -> {
            // consumed here: telemetry is for Hallmark, not routed on to other subscribers
            outcome.drop()
                    .ifPresentOrElse(
                            d -> output.preventPublishDelivery(code(d), d.label()), output::preventPublishDelivery);
            async.resume();
        });
        if (!queued) {
            output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, qos0 ? "dropped" : "queue full, retry");
            async.resume();
        }
    }

    private static AckReasonCode code(Drop d) {
        return switch (d) {
            case MALFORMED, SPOOFED, TOO_LARGE -> AckReasonCode.PAYLOAD_FORMAT_INVALID;
            case REFUSED, TOPIC_DENIED, CONNECT_REFUSED, UNKNOWN_DEVICE -> AckReasonCode.NOT_AUTHORIZED;
            case QUEUE_FULL, RATE_LIMITED -> AckReasonCode.QUOTA_EXCEEDED;
            case DUPLICATE, FAILED, TOPIC_UNSUPPORTED, SUBSCRIBE_DENIED -> AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
        };
    }

    /** Subscriptions and publishes only under the device's own serial. */
    private final class Authorizer implements SubscriptionAuthorizer, PublishAuthorizer {
        @Override
        public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
            if (owns(
                    input.getClientInformation().getClientId(),
                    input.getSubscription().getTopicFilter())) {
                output.authorizeSuccessfully();
            } else {
                ingest.count(MQTT, Drop.SUBSCRIBE_DENIED);
                output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "only under hallmark/d/{your serial}/");
            }
        }

        @Override
        public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
            // the interceptor has already turned away (and counted) other devices' topics; this is the second lock
            if (owns(
                    input.getClientInformation().getClientId(),
                    input.getPublishPacket().getTopic())) {
                output.authorizeSuccessfully();
            } else {
                output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "only under hallmark/d/{your serial}/");
            }
        }

        private boolean owns(String clientId, String topic) {
            Session session = sessions.get(clientId);
            Device device = session == null ? null : session.device();
            Optional<DeviceTopic> parsed = DeviceTopic.parse(topic);
            return device != null
                    && parsed.isPresent()
                    && parsed.get().serial().equals(device.serial())
                    && topic.startsWith(DeviceTopic.PREFIX + device.serial() + "/");
        }
    }

    /** Forgets a client's device when it goes. */
    private final class Forget implements ClientLifecycleEventListener {
        @Override
        public void onMqttConnectionStart(ConnectionStartInput input) {}

        @Override
        public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {}

        @Override
        public void onDisconnect(DisconnectEventInput input) {
            // only this connection's entry: a client that took the session over keeps its own
            Optional<String> token = input.getConnectionInformation()
                    .getConnectionAttributeStore()
                    .getAsString(SESSION_KEY);
            token.ifPresent(t -> sessions.computeIfPresent(
                    input.getClientInformation().getClientId(),
                    (id, s) -> s.connection().equals(t) ? null : s));
        }
    }
}
