package io.hallmark.server.mqtt;

import static io.hallmark.server.behaviour.TelemetryIngest.Transport.MQTT;

import io.hallmark.protocol.telemetry.TelemetryCodec;
import io.hallmark.server.behaviour.Drop;
import io.hallmark.server.behaviour.TelemetryIngest;
import io.hallmark.server.identity.Device;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telemetry from an external MQTT 5 broker: Hallmark connects with its own client certificate and reads {@code
 * hallmark/d/+/telemetry} through the shared subscription {@code $share/hallmark/...} (MQTT 5.0 §4.8.2), so that
 * replicas split the messages. The broker authenticated each device by its certificate and let it publish only under
 * its own serial (see {@code docs/protocol/telemetry.md}); Hallmark takes the device's identity from the topic and
 * still checks that the device is active and that the report names it.
 *
 * <p>Acknowledgements are manual: a QoS 1 message is acknowledged once its report was taken or refused; while the
 * queue is full the callback waits, so the broker's window (receive maximum) fills and it holds messages back.
 */
final class ExternalBroker implements AutoCloseable {
    /** The shared subscription every Hallmark replica joins. */
    static final String SHARED_SUBSCRIPTION = "$share/hallmark/hallmark/d/+/telemetry";

    private static final Logger LOG = LoggerFactory.getLogger(ExternalBroker.class);
    private static final int RECEIVE_MAXIMUM = 1000;
    private static final long QUEUE_WAIT_MILLIS = 30_000;
    private static final long CONNECT_RETRY_MILLIS = 2_000;

    private final MqttAsyncClient client;
    private final Thread connector;
    private final Callback callback;

    private ExternalBroker(MqttAsyncClient client, Thread connector, Callback callback) {
        this.client = client;
        this.connector = connector;
        this.callback = callback;
    }

    /** Whether Hallmark is connected to the broker and its subscription was granted. */
    boolean isSubscribed() {
        return callback.subscribed;
    }

    /**
     * Connects and subscribes in the background: until the broker answers, Hallmark starts and tries again every few
     * seconds (a broker may start after it); once connected, the client reconnects by itself and subscribes again.
     *
     * @param devices the one active device with a serial, if any
     */
    static ExternalBroker start(
            MqttSettings settings, TelemetryIngest ingest, Function<String, Optional<Device>> devices) {
        SSLContext tls = ClientTls.context(
                settings.caFile().orElseThrow(),
                settings.certFile().orElseThrow(),
                settings.keyFile().orElseThrow());
        String url = settings.externalBroker().orElseThrow().toString();
        try {
            MqttAsyncClient client = new MqttAsyncClient(url, settings.clientId(), new MemoryPersistence());
            client.setManualAcks(true);
            Callback callback = new Callback(client, ingest, devices);
            client.setCallback(callback);
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setSocketFactory(tls.getSocketFactory());
            options.setHttpsHostnameVerificationEnabled(true);
            options.setAutomaticReconnect(true);
            options.setCleanStart(true);
            options.setReceiveMaximum(RECEIVE_MAXIMUM);
            Thread connector =
                    Thread.ofVirtual().name("hallmark-mqtt-connect").start(() -> connect(client, options, url));
            return new ExternalBroker(client, connector, callback);
        } catch (MqttException e) {
            throw new IllegalStateException("MQTT: cannot read telemetry from " + url + ": " + e.getMessage(), e);
        }
    }

    private static void connect(MqttAsyncClient client, MqttConnectionOptions options, String url) {
        long attempt = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                client.connect(options).waitForCompletion(30_000);
                return;
            } catch (MqttException e) {
                if (attempt++ % 10 == 0) {
                    LOG.warn("MQTT: {} does not answer yet ({}); trying again", url, e.getMessage());
                }
            }
            try {
                Thread.sleep(CONNECT_RETRY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        connector.interrupt();
        try {
            client.disconnect().waitForCompletion(5_000);
        } catch (MqttException e) {
            LOG.debug("MQTT: disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT: close: {}", e.toString());
        }
    }

    private static final class Callback implements MqttCallback {
        private final MqttAsyncClient client;
        private final TelemetryIngest ingest;
        private final Function<String, Optional<Device>> devices;
        private volatile boolean subscribed;

        Callback(MqttAsyncClient client, TelemetryIngest ingest, Function<String, Optional<Device>> devices) {
            this.client = client;
            this.ingest = ingest;
            this.devices = devices;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Optional<DeviceTopic> parsed = DeviceTopic.parse(topic);
            Optional<Device> device = parsed.filter(t -> t.isTelemetry(topic)).flatMap(t -> devices.apply(t.serial()));
            if (parsed.isEmpty() || !parsed.get().isTelemetry(topic)) {
                done(message, Drop.TOPIC_DENIED);
            } else if (device.isEmpty()) {
                done(message, Drop.UNKNOWN_DEVICE);
            } else if (message.getPayload().length > TelemetryCodec.MAX_BYTES) {
                done(message, Drop.TOO_LARGE);
            } else if (!ingest.put(
                    MQTT, device.get(), message.getPayload(), outcome -> ack(message), QUEUE_WAIT_MILLIS)) {
                ack(message); // counted as queue-full; acknowledged so that the broker does not send it again and again
            }
        }

        private void done(MqttMessage message, Drop reason) {
            ingest.count(MQTT, reason);
            ack(message);
        }

        private void ack(MqttMessage message) {
            if (message.getQos() == 0) {
                return;
            }
            try {
                client.messageArrivedComplete(message.getId(), message.getQos());
            } catch (MqttException e) {
                LOG.debug("MQTT: acknowledgement failed: {}", e.toString());
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            try {
                // a clean start forgets subscriptions: join the shared subscription on every connection
                MqttSubscription[] shared = {new MqttSubscription(SHARED_SUBSCRIPTION, 1)};
                client.subscribe(
                        shared,
                        null,
                        new MqttActionListener() {
                            @Override
                            public void onSuccess(IMqttToken token) {
                                int[] codes = token.getReasonCodes();
                                // SUBACK reason codes 0..2 grant a QoS; 0x80 and above refuse (MQTT 5.0 §3.9.3)
                                subscribed = codes == null || codes.length == 0 || codes[0] < 0x80;
                                if (!subscribed) {
                                    LOG.error("MQTT: the broker refused {} (reason {})", SHARED_SUBSCRIPTION, codes[0]);
                                }
                            }

                            @Override
                            public void onFailure(IMqttToken token, Throwable e) {
                                LOG.warn("MQTT: subscribing to {} failed: {}", SHARED_SUBSCRIPTION, e.toString());
                            }
                        },
                        new MqttProperties());
                LOG.info(
                        "MQTT: {} {}, reading telemetry through {}",
                        reconnect ? "reconnected to" : "connected to",
                        serverUri,
                        SHARED_SUBSCRIPTION);
            } catch (MqttException e) {
                LOG.warn("MQTT: subscribing again to {} failed: {}", serverUri, e.toString());
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            subscribed = false;
            LOG.warn("MQTT: disconnected from the broker: {}", response.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.warn("MQTT: {}", e.toString());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
